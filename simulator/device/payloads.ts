/** The JSON a device sends (docs/twin-contract.md envelopes), and the broken variants of `malformed`. */
import type { ModelEvent, Rng, TelemetryRecord } from '../models/index.ts';
import type { DeviceIdentity } from '../fleet/identities.ts';

/** The last will, the same bytes for every device. */
export const LAST_WILL: Buffer = Buffer.from('{"online":false,"reason":"last_will"}');

/** `{ ts, seq, sent, fields }` — undefined fields are left out (JSON.stringify skips them). */
export function telemetryPayload(ts: number, seq: number, sent: number, fields: TelemetryRecord): string {
  return JSON.stringify({ ts, seq, sent, fields });
}

/**
 * The retained birth message: the contract's `{ online, type, fw_version, ts }` plus what the platform may
 * keep about the device: `name`, `tags` (string values), `location` ({ site, building, floor, room,
 * x, y, z }), and `serial`, `mac`, `model`.
 */
export function birthPayload(d: DeviceIdentity, fwVersion: string, ts: number): string {
  return JSON.stringify({
    online: true,
    type: d.type,
    fw_version: fwVersion,
    ts,
    name: d.name,
    serial: d.serial,
    mac: d.mac,
    model: d.model,
    tags: d.tags,
    location: d.location,
  });
}

/** What a device says before a clean disconnect (no will then). */
export function offlinePayload(ts: number, reason = 'disconnected'): string {
  return JSON.stringify({ online: false, reason, ts });
}

export function eventPayload(event: ModelEvent, skewMs: number): string {
  return JSON.stringify(skewMs === 0 ? event : { ...event, ts: event.ts + skewMs });
}

/**
 * A broken version of a telemetry payload, as firmware bugs and flaky links produce them: cut short,
 * not JSON at all, a number sent as a string, a value far out of range, or an empty envelope.
 */
export function malformedPayload(good: string, fields: TelemetryRecord, rng: Rng): string {
  switch (rng.int(0, 5)) {
    case 0:
      return good.slice(0, Math.max(1, Math.floor(good.length * rng.uniform(0.2, 0.9))));
    case 1:
      return 'ERR 0x1F: sensor bus timeout';
    case 2: {
      const numeric = Object.keys(fields).filter((k) => typeof fields[k] === 'number');
      const field = numeric.length > 0 ? rng.pick(numeric) : 'uptime_s';
      return JSON.stringify({ fields: { ...fields, [field]: String(fields[field] ?? 'NaN') } });
    }
    case 3: {
      const numeric = Object.keys(fields).filter((k) => typeof fields[k] === 'number');
      const field = numeric.length > 0 ? rng.pick(numeric) : 'uptime_s';
      return JSON.stringify({ fields: { ...fields, [field]: -1e9 } });
    }
    default:
      return '{"fields":';
  }
}
