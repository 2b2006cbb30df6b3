import { escapeKey, escapeMeasurement, escapeString, toLine } from '../../runtime/index.ts';
import type { TwinChange } from '../twins/changes.ts';
import { CLASSIC_SHADOW_TAG, MEASUREMENTS } from './measurements.ts';

/**
 * One line of line protocol for a twin change. Telemetry numbers are floats, so a field keeps
 * one type whatever a device sends (InfluxDB rejects type conflicts). `mark`: the device message that
 * made the change (field `msg`, message-marks.ts), so it is not applied twice after a crash.
 */
export function changeToLine(change: TwinChange, deviceType: string, mark?: string): string {
  switch (change.kind) {
    case 'telemetry':
      return telemetryLine(change, deviceType);
    case 'shadow':
      return toLine({
        measurement: MEASUREMENTS.shadow,
        tags: { device_id: change.deviceId, shadow: change.shadowName ?? CLASSIC_SHADOW_TAG },
        fields: {
          doc: JSON.stringify({ state: change.state, metadata: change.metadata, version: change.version }),
          version: change.version,
          deleted: change.deleted ?? false,
          msg: mark,
        },
        timeMs: change.ts,
      });
    case 'liveness':
      return toLine({
        measurement: MEASUREMENTS.liveness,
        tags: { device_id: change.deviceId },
        fields: { online: change.online, reason: change.reason, msg: mark },
        timeMs: change.ts,
      });
    case 'event':
      return toLine({
        measurement: MEASUREMENTS.events,
        tags: { device_id: change.deviceId, type: change.event.type },
        fields: { data: JSON.stringify(change.event), msg: mark },
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
          msg: mark,
        },
        timeMs: change.ts,
      });
    }
    case 'device':
      return toLine({
        measurement: MEASUREMENTS.devices,
        tags: { device_id: change.deviceId },
        fields: { doc: JSON.stringify(change.device), msg: mark },
        timeMs: change.ts,
      });
  }
}

// The hot path (every telemetry message): the same line `toLine` writes, with the escaped series part
// of each device and the escaped field names kept, so a name is checked and escaped once, not per message.
const MAX_CACHED = 200_000;
const escapedKeys = new Map<string, string>();
/** Per device (looked up by its id alone: no key string built per message), its type and line head. */
const telemetryHeads = new Map<string, { type: string; head: string }>();

function cachedKey(name: string): string {
  let e = escapedKeys.get(name);
  if (e === undefined) {
    e = escapeKey(name);
    if (escapedKeys.size < MAX_CACHED) escapedKeys.set(name, e);
  }
  return e;
}

/** `telemetry,device_id=…,type=… ` (tags sorted, an empty one left out, as `toLine` does). */
function telemetryHead(deviceId: string, type: string): string {
  const cached = telemetryHeads.get(deviceId);
  if (cached !== undefined && cached.type === type) return cached.head;
  let head = escapeMeasurement(MEASUREMENTS.telemetry);
  if (deviceId !== '') head += `,device_id=${escapeKey(deviceId)}`;
  if (type !== '') head += `,type=${escapeKey(type)}`;
  if (cached !== undefined) {
    // The device's type changed (a generic device that announced its type).
    cached.type = type;
    cached.head = head;
  } else if (telemetryHeads.size < MAX_CACHED) telemetryHeads.set(deviceId, { type, head });
  return head;
}

/** A field value as `toLine` writes it; undefined for what it refuses (it then says why). */
function fieldValue(v: number | boolean | string): string | undefined {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return undefined;
    return Number.isInteger(v) && Math.abs(v) < 1e21 ? `${v}.0` : String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return escapeString(v);
}

function telemetryLine(change: Extract<TwinChange, { kind: 'telemetry' }>, deviceType: string): string {
  let line = telemetryHead(change.deviceId, deviceType);
  let sep = ' ';
  const add = (name: string, v: number | boolean | string | undefined): boolean => {
    if (v === undefined) return true;
    const value = fieldValue(v);
    if (value === undefined) return false;
    line += `${sep}${cachedKey(name)}=${value}`;
    sep = ',';
    return true;
  };
  let ok = true;
  for (const name in change.fields) ok = add(name, change.fields[name]) && ok;
  ok = add('_seq', change.seq) && ok;
  ok = add('_sent', change.sent) && ok;
  if (!ok || sep === ' ') {
    // Let toLine refuse it with its own words (a non-finite number, no field at all).
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
  return `${line} ${Math.round(change.ts)}`;
}
