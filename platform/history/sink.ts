import type { TwinChange } from '../twins/changes.ts';
import type { TwinStore } from '../twins/twin-store.ts';
import { changeToLine } from './encode.ts';
import type { HistoryWriter } from './writer.ts';

/**
 * Writes every twin change to history. Platform-made records (shadow versions, liveness, commands)
 * get strictly increasing timestamps per series, so two changes in one millisecond never overwrite
 * each other in InfluxDB; telemetry keeps the device's own time.
 */
export function attachHistorySink(
  store: TwinStore,
  writer: HistoryWriter,
  onError: (err: Error, change: TwinChange) => void,
): () => void {
  const lastTs = new Map<string, number>();
  return store.bus.on((change) => {
    try {
      let c = change;
      if (change.kind !== 'telemetry') {
        const key = `${change.kind}\u0000${change.deviceId}\u0000${change.kind === 'shadow' ? (change.shadowName ?? '') : ''}`;
        const prev = lastTs.get(key) ?? 0;
        const ts = Math.max(change.ts, prev + 1);
        lastTs.set(key, ts);
        if (ts !== change.ts) c = { ...change, ts };
      }
      const type = store.registry.get(change.deviceId)?.type ?? 'generic';
      writer.push(changeToLine(c, type));
    } catch (err) {
      onError(err as Error, change);
    }
  });
}
