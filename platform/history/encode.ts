import { toLine } from '../../runtime/index.ts';
import type { TwinChange } from '../twins/changes.ts';
import { CLASSIC_SHADOW_TAG, MEASUREMENTS } from './measurements.ts';

/**
 * One line of line protocol for a twin change. Telemetry numbers are floats, so a field keeps
 * one type whatever a device sends (InfluxDB rejects type conflicts).
 */
export function changeToLine(change: TwinChange, deviceType: string): string {
  switch (change.kind) {
    case 'telemetry': {
      const fields: Record<string, number | boolean | string> = { ...change.fields };
      if (change.seq !== undefined) fields._seq = change.seq;
      if (change.sent !== undefined) fields._sent = change.sent;
      return toLine({
        measurement: MEASUREMENTS.telemetry,
        tags: { device_id: change.deviceId, type: deviceType },
        fields,
        timeMs: change.ts,
      });
    }
    case 'shadow':
      return toLine({
        measurement: MEASUREMENTS.shadow,
        tags: { device_id: change.deviceId, shadow: change.shadowName ?? CLASSIC_SHADOW_TAG },
        fields: {
          doc: JSON.stringify({ state: change.state, metadata: change.metadata, version: change.version }),
          version: change.version,
          deleted: change.deleted ?? false,
        },
        timeMs: change.ts,
      });
    case 'liveness':
      return toLine({
        measurement: MEASUREMENTS.liveness,
        tags: { device_id: change.deviceId },
        fields: { online: change.online, reason: change.reason },
        timeMs: change.ts,
      });
    case 'event':
      return toLine({
        measurement: MEASUREMENTS.events,
        tags: { device_id: change.deviceId, type: change.event.type },
        fields: { data: JSON.stringify(change.event) },
        timeMs: change.ts,
      });
    case 'command': {
      const c = change.command;
      return toLine({
        measurement: MEASUREMENTS.commands,
        tags: { device_id: change.deviceId, name: c.name },
        // created_at and timeout_ms (and the params, on the first point) let a restarted platform
        // take the commands still in flight back, with their deadlines (restore-commands.ts).
        fields: {
          id: c.id,
          status: c.status,
          latency_ms: c.latencyMs,
          error: c.error,
          created_at: c.createdAt,
          timeout_ms: c.timeoutMs,
          params: c.status === 'pending' ? JSON.stringify(c.params ?? {}) : undefined,
        },
        timeMs: change.ts,
      });
    }
    case 'device':
      return toLine({
        measurement: MEASUREMENTS.devices,
        tags: { device_id: change.deviceId },
        fields: { doc: JSON.stringify(change.device) },
        timeMs: change.ts,
      });
  }
}
