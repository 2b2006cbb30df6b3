/**
 * The worker's end of the IPC channel (simulator/main.ts forked by a parent): runs the parent's requests
 * one at a time in arrival order (an advance must finish before the next one starts) and stops the fleet
 * when asked or when the parent goes away (a simulator must not outlive the run that started it).
 */
import type { Fleet } from '../fleet/fleet.ts';
import type { WorkerEvent, WorkerRequest } from './messages.ts';

/** Sends one event; resolves once it is handed to the channel (so an exit right after does not lose it). */
export function sendToParent(event: WorkerEvent): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(event, undefined, {}, () => resolve());
  });
}

export function serveParent(fleet: Fleet): void {
  let queue = Promise.resolve();
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await fleet.stop();
    await sendToParent({ type: 'stopped', stats: fleet.stats() });
    process.exit(0);
  };
  const run = async (m: WorkerRequest): Promise<void> => {
    try {
      switch (m.type) {
        case 'advance':
          await fleet.advance(m.ms);
          return sendToParent({ type: 'done', id: m.id, stats: fleet.stats() });
        case 'backfill': {
          const result = await fleet.backfill(m.options);
          return sendToParent({ type: 'done', id: m.id, stats: fleet.stats(), result });
        }
        case 'inject': {
          const handle = fleet.inject(m.fault, m.select);
          const result = { devices: handle.deviceIds.length };
          return sendToParent({ type: 'done', id: m.id, stats: fleet.stats(), result });
        }
        case 'stop':
          return stop();
      }
    } catch (err) {
      const e = err as Error & { code?: string };
      await sendToParent({
        type: 'failed',
        id: m.id,
        message: e.message,
        ...(typeof e.code === 'string' ? { code: e.code } : {}),
      });
    }
  };
  process.on('message', (m: WorkerRequest) => {
    queue = queue.then(() => run(m));
  });
  process.on('disconnect', () => void stop());
}
