import type { InfluxSeries } from '../../runtime/index.ts';
import { GENERIC_DEVICE_TYPE } from '../../twin/index.ts';
import { PlatformError } from '../errors.ts';
import type { HistoryPort } from '../ports/ports.ts';
import { MEASUREMENTS } from './measurements.ts';

/** Above this many values (buckets × devices × fields) a fleet query is refused: narrow it. */
export const FLEET_MAX_VALUES = 200_000;
/** A snapshot looks this far back before `at` for each field's latest value. */
export const SNAPSHOT_LOOKBACK_MS = 30 * 86_400_000;
/** At most this many events in one fleet answer (the newest are cut). */
export const FLEET_MAX_EVENTS = 10_000;

const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Columns the platform writes beside the device's own fields. */
const INTERNAL_FIELDS = new Set(['_seq', '_sent']);

type Value = number | boolean | string;
type Port = Pick<HistoryPort, 'query'>;

export interface SnapshotDevice {
  id: string;
  type: string;
  online: boolean | null;
  /** Epoch ms of the newest value used; null when the device has no value at or before `at`. */
  ts: number | null;
  fields: Record<string, Value>;
}

export interface Snapshot {
  at: number;
  devices: SnapshotDevice[];
}

export interface FleetDevice {
  id: string;
  type: string;
  series: Record<string, [number, Value][]>;
  online: [number, boolean][];
}

export interface FleetEvent {
  t: number;
  deviceId: string;
  type: string;
  [detail: string]: unknown;
}

export interface Fleet {
  from: number;
  to: number;
  every: number;
  devices: FleetDevice[];
  events: FleetEvent[];
}

/** Checks field names (they go into InfluxQL); undefined means every telemetry field. */
export function checkFields(fields: readonly string[] | undefined): void {
  for (const f of fields ?? []) {
    if (!FIELD.test(f))
      throw new PlatformError(
        'BAD_QUERY',
        `'${f}' is not a field name: fields are letters, digits and _ (e.g. fields=temperature,humidity).`,
      );
  }
}

const ms = (t: number) => `${Math.round(t)}ms`;
const col = (s: InfluxSeries, name: string) => s.columns.indexOf(name);

/** The telemetry fields to read: the asked ones, or every field key InfluxDB knows. */
async function fieldList(port: Port, asked: readonly string[] | undefined): Promise<string[]> {
  if (asked && asked.length > 0) return [...new Set(asked)];
  const keys = await port.query(`SHOW FIELD KEYS FROM ${MEASUREMENTS.telemetry}`);
  return (keys[0]?.values ?? [])
    .map((r) => String(r[0]))
    .filter((k) => !INTERNAL_FIELDS.has(k) && FIELD.test(k));
}

/** Each device's registration at `at` (its type), from the `devices` measurement. */
async function typesAt(port: Port, at: number): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const s of await port.query(
    `SELECT last(doc) AS doc FROM ${MEASUREMENTS.devices} WHERE time <= ${ms(at)} GROUP BY device_id`,
  )) {
    const id = s.tags?.device_id;
    const doc = s.values[0]?.[col(s, 'doc')];
    if (!id || typeof doc !== 'string') continue;
    try {
      const type = (JSON.parse(doc) as { type?: unknown }).type;
      if (typeof type === 'string') out.set(id, type);
    } catch {
      // A registration that is not JSON says nothing about the type; the telemetry tag may.
    }
  }
  return out;
}

/** Each device's liveness at `at` (the last transition at or before it). */
async function onlineAt(
  port: Port,
  at: number,
  strictlyBefore = false,
): Promise<Map<string, [number, boolean]>> {
  const out = new Map<string, [number, boolean]>();
  for (const s of await port.query(
    `SELECT last(online) AS online FROM ${MEASUREMENTS.liveness} WHERE time ${strictlyBefore ? '<' : '<='} ${ms(at)} GROUP BY device_id`,
  )) {
    const id = s.tags?.device_id;
    const row = s.values[0];
    const online = row?.[col(s, 'online')];
    if (id && row && typeof online === 'boolean') out.set(id, [Number(row[0]), online]);
  }
  return out;
}

/** One query per field, in parallel (`last` of one field keeps that point's own time). */
function perField(port: Port, fields: readonly string[], q: (f: string) => string) {
  return Promise.all(fields.map(async (f) => ({ field: f, series: await port.query(q(f)) })));
}

/** Each device's latest value of each field at or before `at`, its type and liveness then. */
export async function fleetSnapshot(
  port: Port,
  req: { at: number; fields?: readonly string[] | undefined },
): Promise<Snapshot> {
  checkFields(req.fields);
  const { at } = req;
  const fields = await fieldList(port, req.fields);
  const window = `time <= ${ms(at)} AND time > ${ms(at - SNAPSHOT_LOOKBACK_MS)}`;
  const [types, online, values] = await Promise.all([
    typesAt(port, at),
    onlineAt(port, at),
    perField(
      port,
      fields,
      (f) =>
        `SELECT last("${f}") AS "${f}" FROM ${MEASUREMENTS.telemetry} WHERE ${window} GROUP BY device_id, "type"`,
    ),
  ]);
  const devices = new Map<string, SnapshotDevice>();
  const device = (id: string) => {
    let d = devices.get(id);
    if (!d) {
      d = {
        id,
        type: types.get(id) ?? GENERIC_DEVICE_TYPE,
        online: online.get(id)?.[1] ?? null,
        ts: null,
        fields: {},
      };
      devices.set(id, d);
    }
    return d;
  };
  for (const id of types.keys()) device(id);
  for (const id of online.keys()) device(id);
  // A device whose type changed has one series per type: per field the newer point wins, and without
  // a registration the type tag of its newest point names the type.
  const fieldTs = new Map<string, number>();
  const tagTs = new Map<string, number>();
  for (const { field, series } of values) {
    for (const s of series) {
      const id = s.tags?.device_id;
      const row = s.values[0];
      const v = row?.[col(s, field)];
      if (!id || !row || v === null || v === undefined) continue;
      const t = Number(row[0]);
      const key = `${id}\u0000${field}`;
      if ((fieldTs.get(key) ?? -Infinity) > t) continue;
      fieldTs.set(key, t);
      const d = device(id);
      d.fields[field] = v as Value;
      if (d.ts === null || t > d.ts) d.ts = t;
      const tagType = s.tags?.type;
      if (!types.has(id) && tagType && t >= (tagTs.get(id) ?? -Infinity)) {
        d.type = tagType;
        tagTs.set(id, t);
      }
    }
  }
  return {
    at,
    devices: [...devices.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

/**
 * The fleet over a window: per device, the last value of each field in each `every` bucket (empty
 * buckets left out), the liveness at `from` and every transition after, and the events in the window.
 * Refused when buckets × devices × fields would exceed FLEET_MAX_VALUES (`deviceCount` is the bound).
 */
export async function fleetHistory(
  port: Port,
  req: {
    from: number;
    to: number;
    every: number;
    fields?: readonly string[] | undefined;
    deviceCount: number;
  },
): Promise<Fleet> {
  const { from, to, every } = req;
  if (from > to) throw new PlatformError('BAD_QUERY', `'from' (${from}) is after 'to' (${to}).`);
  if (!(every >= 1)) throw new PlatformError('BAD_QUERY', `'every' must be at least 1ms (got ${every}).`);
  checkFields(req.fields);
  const fields = await fieldList(port, req.fields);
  const buckets = Math.floor((to - from) / every) + 1;
  const devices = Math.max(1, req.deviceCount);
  const values = buckets * devices * Math.max(1, fields.length);
  if (values > FLEET_MAX_VALUES) {
    const minEvery = Math.ceil(((to - from) * devices * Math.max(1, fields.length)) / FLEET_MAX_VALUES);
    throw new PlatformError(
      'TOO_MUCH_DATA',
      `This would answer up to ${values} values (${buckets} buckets × ${devices} devices × ${Math.max(1, fields.length)} fields), over the ${FLEET_MAX_VALUES} limit: ` +
        `use every=${Math.ceil(minEvery / 1000)}s or more, a shorter from..to, or fewer fields.`,
    );
  }
  const window = `time >= ${ms(from)} AND time <= ${ms(to)}`;
  const [types, before, transitions, eventSeries, values2] = await Promise.all([
    typesAt(port, to),
    onlineAt(port, from, true),
    port.query(`SELECT online FROM ${MEASUREMENTS.liveness} WHERE ${window} GROUP BY device_id`),
    port.query(
      `SELECT data FROM ${MEASUREMENTS.events} WHERE ${window} GROUP BY device_id, "type" ORDER BY time ASC LIMIT ${FLEET_MAX_EVENTS}`,
    ),
    perField(
      port,
      fields,
      (f) =>
        `SELECT last("${f}") AS "${f}" FROM ${MEASUREMENTS.telemetry} WHERE ${window} GROUP BY time(${ms(every)}), device_id fill(none)`,
    ),
  ]);
  const out = new Map<string, FleetDevice>();
  const device = (id: string) => {
    let d = out.get(id);
    if (!d) {
      d = { id, type: types.get(id) ?? GENERIC_DEVICE_TYPE, series: {}, online: [] };
      out.set(id, d);
    }
    return d;
  };
  for (const [id, [, online]] of before) device(id).online.push([from, online]);
  for (const s of transitions) {
    const id = s.tags?.device_id;
    if (!id) continue;
    const d = device(id);
    const i = col(s, 'online');
    for (const row of s.values) if (typeof row[i] === 'boolean') d.online.push([Number(row[0]), row[i]]);
  }
  for (const { field, series } of values2) {
    for (const s of series) {
      const id = s.tags?.device_id;
      if (!id) continue;
      const i = col(s, field);
      const points = s.values
        .filter((row) => row[i] !== null && row[i] !== undefined)
        .map((row): [number, Value] => [Number(row[0]), row[i] as Value]);
      if (points.length > 0) device(id).series[field] = points;
    }
  }
  const events: FleetEvent[] = [];
  for (const s of eventSeries) {
    const deviceId = s.tags?.device_id;
    if (!deviceId) continue;
    const i = col(s, 'data');
    for (const row of s.values) {
      let details: Record<string, unknown> = {};
      try {
        details = JSON.parse(String(row[i])) as Record<string, unknown>;
      } catch {
        // Not JSON: the event still happened; its type tag says what.
      }
      const { ts: _ts, type, ...rest } = details;
      events.push({
        ...rest,
        t: Number(row[0]),
        deviceId,
        type: typeof type === 'string' ? type : (s.tags?.type ?? 'unknown'),
      });
    }
  }
  events.sort((a, b) => a.t - b.t);
  events.length = Math.min(events.length, FLEET_MAX_EVENTS);
  return {
    from,
    to,
    every,
    devices: [...out.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    events,
  };
}
