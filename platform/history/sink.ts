import { GENERIC_DEVICE_TYPE } from '../../twin/index.ts';
import type { TwinChange } from '../twins/changes.ts';
import type { TwinStore } from '../twins/twin-store.ts';
import { changeToLine } from './encode.ts';
import type { MessageMarks } from './message-marks.ts';
import type { HistoryWriter } from './writer.ts';

/**
 * Writes every twin change to history. Records the platform time-stamps (shadow versions, liveness,
 * commands, telemetry without a device time) get strictly increasing timestamps per series, so two
 * changes in one millisecond never overwrite each other in InfluxDB (a point is identified by series
 * and time). Telemetry with the device's own time keeps it, even out of order (backfills).
 */
export function attachHistorySink(
  store: TwinStore,
  writer: HistoryWriter,
  onError: (err: Error, change: TwinChange) => void,
  marks?: MessageMarks,
): () => void {
  // Per kind, per series (device, or device and shadow name): no key string built per telemetry message.
  const lastTs = new Map<string, Map<string, number>>();
  return store.bus.on((change) => {
    try {
      let c = change;
      if (change.kind !== 'telemetry' || change.arrivalTime) {
        let ofKind = lastTs.get(change.kind);
        if (!ofKind) lastTs.set(change.kind, (ofKind = new Map()));
        const key =
          change.kind === 'shadow' ? `${change.deviceId}\u0000${change.shadowName ?? ''}` : change.deviceId;
        const prev = ofKind.get(key) ?? 0;
        const ts = Math.max(change.ts, prev + 1);
        ofKind.set(key, ts);
        if (ts !== change.ts) c = { ...change, ts };
      }
      const type = store.registry.get(change.deviceId)?.type ?? GENERIC_DEVICE_TYPE;
      // Every kind but telemetry carries the mark of the device message being handled (if any).
      writer.push(changeToLine(c, type, c.kind === 'telemetry' ? undefined : marks?.current));
    } catch (err) {
      onError(err as Error, change);
    }
  });
}
