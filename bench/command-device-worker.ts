// The command phase's devices in a worker thread of their own: each answers a command at once, as a
// device on another machine would, without waiting for the bench's HTTP client and stream observer
// (bench/platform-bench.ts) to give its event loop back.
import { parentPort, workerData } from 'node:worker_threads';
import mqtt from 'mqtt';

export interface CommandDeviceWorkerData {
  url: string;
  ids: string[];
}

/** Posted to the bench: 'ready' once every device is subscribed and registered, then arrivals. */
export type CommandDeviceMessage =
  | { kind: 'ready' }
  /** Commands received since the last message, with the wall time (ms, performance.timeOrigin based). */
  | { kind: 'reached'; at: [string, number][] };

const { url, ids } = workerData as CommandDeviceWorkerData;
let reached: [string, number][] = [];
let flushing = false;
const post = (m: CommandDeviceMessage) => parentPort?.postMessage(m);

const devices = await Promise.all(
  ids.map(async (id) => {
    const c = await mqtt.connectAsync(url, { clientId: id, reconnectPeriod: 0 });
    (c.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    c.on('message', (_topic, payload) => {
      const { id: cmd } = JSON.parse(payload.toString()) as { id: string };
      c.publish(`tb/v1/${id}/commands/response`, JSON.stringify({ id: cmd, status: 'succeeded' }), {
        qos: 1,
      });
      reached.push([cmd, performance.timeOrigin + performance.now()]);
      if (!flushing) {
        flushing = true;
        // One message a turn to the bench, after the responses are on their way.
        setImmediate(() => {
          flushing = false;
          post({ kind: 'reached', at: reached });
          reached = [];
        });
      }
    });
    await c.subscribeAsync(`tb/v1/${id}/commands`, { qos: 1 });
    await c.publishAsync(`tb/v1/${id}/status`, JSON.stringify({ online: true, type: 'smart_breaker' }), {
      qos: 1,
    });
    return c;
  }),
);
post({ kind: 'ready' });
parentPort?.once('message', async () => {
  await Promise.all(devices.map((d) => d.endAsync()));
  parentPort?.close();
});
