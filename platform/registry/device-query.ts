import {
  DEVICE_LIST_FIELDS,
  DEVICE_MATCH_FILTERS,
  DEVICE_PAGE_DEFAULT,
  matchesSelector,
  type DeviceListItem,
  type DeviceListQuery,
  type DeviceMatchFilter,
  type DevicePage,
  type DeviceRecord,
} from '../../twin/index.ts';
import { PlatformError } from '../errors.ts';
import type { LivenessState } from '../twins/liveness.ts';
import type { Registry } from './registry.ts';

/** GET /devices, checked and compiled once per request into tests on a record. */
export interface DeviceQuery {
  limit: number;
  /** Slot to go on from (0 without a cursor). */
  from: number;
  /** Every test must pass. */
  tests: ((d: DeviceRecord) => boolean)[];
  online?: boolean;
  /** Named fields (undefined: all). */
  fields?: ReadonlySet<string>;
}

/** Query parameters GET /devices knows; anything else is refused rather than silently ignored. */
const KNOWN = new Set([
  'limit',
  'cursor',
  'tag',
  'online',
  'idPrefix',
  'fields',
  ...Object.keys(DEVICE_MATCH_FILTERS),
]);

const bad = (param: string, why: string) => new PlatformError('BAD_QUERY', `'${param}': ${why}`);

// The cursor is the slot to go on from, behind a version tag, base64url: opaque to clients (they pass
// `next` back), and a later format can change it.
const CURSOR_PREFIX = 'd1.';
export const encodeCursor = (slot: number): string =>
  Buffer.from(`${CURSOR_PREFIX}${slot}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const slot = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(slot) || slot < 0)
    throw bad(
      'cursor',
      'is not one this platform gave out; pass the `next` of the previous page, or leave it out to start from the first',
    );
  return slot;
}

/** Checks what a schema cannot (unknown parameters, field names, the cursor) and compiles the query. */
export function compileDeviceQuery(q: DeviceListQuery & Record<string, unknown>): DeviceQuery {
  for (const key of Object.keys(q)) {
    if (!KNOWN.has(key)) throw bad(key, `is not a parameter of GET /devices; use ${[...KNOWN].join(', ')}`);
  }
  const tests: DeviceQuery['tests'] = [];
  for (const [key, path] of Object.entries(DEVICE_MATCH_FILTERS) as [
    DeviceMatchFilter,
    readonly string[],
  ][]) {
    const want = q[key];
    if (want === undefined) continue;
    const [a, b] = path as [keyof DeviceRecord, string?];
    tests.push(
      b === undefined
        ? (d) => d[a] === want
        : (d) => (d[a] as Record<string, unknown> | undefined)?.[b] === want,
    );
  }
  if (q.tag !== undefined) {
    const tag = q.tag;
    tests.push((d) => matchesSelector(d, { tag }));
  }
  if (q.idPrefix !== undefined) {
    const prefix = q.idPrefix;
    tests.push((d) => d.id.startsWith(prefix));
  }
  let fields: Set<string> | undefined;
  if (q.fields !== undefined) {
    fields = new Set(
      q.fields
        .split(',')
        .map((f) => f.trim())
        .filter((f) => f !== ''),
    );
    const allowed: readonly string[] = DEVICE_LIST_FIELDS;
    for (const f of fields)
      if (!allowed.includes(f))
        throw bad('fields', `'${f}' is not a field; name some of ${allowed.join(', ')}`);
  }
  return {
    limit: q.limit ?? DEVICE_PAGE_DEFAULT,
    from: q.cursor === undefined ? 0 : decodeCursor(q.cursor),
    tests,
    ...(q.online !== undefined ? { online: q.online } : {}),
    ...(fields ? { fields } : {}),
  };
}

/** One page of devices in registration order, with `next` when more may follow. */
export function pageDevices(
  registry: Registry,
  liveness: (id: string) => LivenessState | undefined,
  q: DeviceQuery,
): DevicePage {
  const devices: DeviceListItem[] = [];
  const { tests, online, fields, limit } = q;
  const end = registry.scan(q.from, (d) => {
    for (const t of tests) if (!t(d)) return true;
    const live = liveness(d.id);
    const isOnline = live?.online ?? false;
    if (online !== undefined && isOnline !== online) return true;
    devices.push(
      fields
        ? pick(d, isOnline, live, fields)
        : { device: d, online: isOnline, ...(live ? { lastSeen: live.lastSeen } : {}) },
    );
    return devices.length < limit;
  });
  return end < registry.size ? { devices, next: encodeCursor(end) } : { devices };
}

function pick(
  d: DeviceRecord,
  online: boolean,
  live: LivenessState | undefined,
  fields: ReadonlySet<string>,
): DeviceListItem {
  const device: DeviceListItem['device'] = { id: d.id };
  for (const f of fields) {
    if (f in d) (device as Record<string, unknown>)[f] = d[f as keyof DeviceRecord];
  }
  const out: DeviceListItem = { device };
  if (fields.has('online')) out.online = online;
  if (fields.has('lastSeen') && live) out.lastSeen = live.lastSeen;
  return out;
}
