import { deviceTypeSpec, type HistoryKind } from '../../twin/index.ts';
import { PlatformError } from '../errors.ts';

/**
 * The times InfluxDB can hold, in epoch ms: its timestamps are int64 nanoseconds, 1677-09-21 to
 * 2262-04-11. A `from`/`to` outside this range is a 400 here rather than an InfluxQL error later.
 */
export const MIN_TIME_MS = -9_223_372_036_854;
export const MAX_TIME_MS = 9_223_372_036_854;

/** Largest `limit` of a history query, and the default. */
export const MAX_LIMIT = 100_000;
export const DEFAULT_LIMIT = 10_000;

/** Longest bucket (`every`): 3650 days. */
export const MAX_EVERY_MS = 3_650 * 86_400_000;
/** Most buckets one downsampled query may span (`to - from` / `every`). */
export const MAX_BUCKETS = 1_000_000;
/** Most fields one query may name. */
export const MAX_FIELDS = 64;

const AGGREGATES = ['mean', 'min', 'max', 'last', 'first', 'count', 'sum'] as const;
const UNIT_MS = { ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 } as const;

/** The fields each kind of history has (telemetry's depend on the device type: see `fieldsOf`). */
const KIND_FIELDS: Record<Exclude<HistoryKind, 'telemetry'>, readonly string[]> = {
  shadow: ['doc', 'version', 'deleted'],
  liveness: ['online', 'reason'],
  events: ['data'],
  commands: ['id', 'status', 'latency_ms', 'error'],
};

/** Columns that are not fields: the time and the tags. */
const NOT_FIELDS = new Set(['time', 'device_id', 'type', 'shadow', 'name']);

const bad = (param: string, why: string) => new PlatformError('BAD_QUERY', `'${param}': ${why}`);

/** The field names a device's history of `kind` has; undefined when any may be (telemetry of a generic device). */
export function fieldsOf(kind: HistoryKind, deviceType: string): readonly string[] | undefined {
  if (kind !== 'telemetry') return KIND_FIELDS[kind];
  const spec = deviceTypeSpec(deviceType);
  if (spec === undefined) return undefined;
  return [...Object.keys(spec.telemetry), '_seq', '_sent'];
}

/**
 * A time parameter: epoch ms, an ISO time or a relative time (`-1h`, `now`), checked to be a finite
 * time InfluxDB can hold. `param` names the parameter in the 400.
 */
export function parseTimeParam(
  param: string | undefined,
  text: string | undefined,
  fallback: number,
  now: number,
): number {
  if (text === undefined || text === '') return fallback;
  let ms: number;
  // 'now' is a time; a bare 'now' also needs no range check.
  if (text === 'now') ms = now;
  // Every plain number is epoch ms: Date.parse would read '0' as 2000-01-01 and '12' as December 2001.
  else if (/^-?\d+(\.\d+)?$/.test(text)) ms = Number(text);
  else {
    const rel = /^-?(\d+)(ms|s|m|h|d)$/.exec(text);
    if (rel) ms = now - Number(rel[1]) * UNIT_MS[rel[2] as keyof typeof UNIT_MS];
    else {
      ms = Date.parse(text);
      if (Number.isNaN(ms))
        throw new PlatformError(
          'BAD_QUERY',
          `${param === undefined ? `'${clip(text)}'` : `'${param}': '${clip(text)}'`} is not a time: use epoch ms, an ISO time (2026-01-01T00:00:00Z) or a relative time like -1h.`,
        );
    }
  }
  if (!Number.isFinite(ms) || ms < MIN_TIME_MS || ms > MAX_TIME_MS)
    throw new PlatformError(
      'BAD_QUERY',
      `${param === undefined ? `'${clip(text)}'` : `'${param}': '${clip(text)}'`} is out of range: InfluxDB holds times from 1677-09-21 to 2262-04-11 (epoch ms ${MIN_TIME_MS} to ${MAX_TIME_MS}).`,
    );
  return ms;
}

/** A whole number from `min` to `max` written in plain digits (no exponent, no Infinity). */
export function parseIntParam(
  param: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined || text === '') return fallback;
  const n = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw bad(param, `${JSON.stringify(clip(text))} is not a whole number from ${min} to ${max}.`);
  return n;
}

/** `every`: a duration `<digits><ms|s|m|h|d>` from 1 ms to 3650 days; its length in ms. */
export function parseEveryParam(text: string): number {
  const m = /^(\d{1,16})(ms|s|m|h|d)$/.exec(text);
  const ms = m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : Number.NaN;
  if (!(ms >= 1 && ms <= MAX_EVERY_MS))
    throw bad(
      'every',
      `${JSON.stringify(clip(text))} is not a bucket length: use a duration from 1ms to 3650d, like 10s, 5m or 1h.`,
    );
  return ms;
}

/** A comma-separated list (empty items dropped), at most `MAX_FIELDS` long. */
export function parseListParam(param: string, text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length > MAX_FIELDS) throw bad(param, `names ${items.length} items, at most ${MAX_FIELDS}.`);
  return items;
}

/** Checks that every asked field is one the history of `kind` has. */
export function checkFields(fields: readonly string[], kind: HistoryKind, deviceType: string): void {
  const known = fieldsOf(kind, deviceType);
  for (const f of fields) {
    const ok = known ? known.includes(f) : /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(f) && !NOT_FIELDS.has(f);
    if (!ok)
      throw bad(
        'fields',
        `${JSON.stringify(clip(f))} is not a field of ${kind}${kind === 'telemetry' ? ` of a ${deviceType}` : ''}; ` +
          (known ? `its fields are ${known.join(', ')}.` : 'use letters, digits and _ (not time or a tag).'),
      );
  }
}

/** Checks aggregate names. */
export function checkAggregates(aggs: readonly string[]): void {
  for (const a of aggs)
    if (!(AGGREGATES as readonly string[]).includes(a))
      throw bad('agg', `${JSON.stringify(clip(a))} is not an aggregate; use ${AGGREGATES.join(', ')}.`);
}

/** Checks that a downsampled window does not span more than `MAX_BUCKETS` buckets. */
export function checkBuckets(fromMs: number, toMs: number, everyMs: number): void {
  const buckets = Math.floor((toMs - fromMs) / everyMs) + 1;
  if (buckets > MAX_BUCKETS)
    throw bad(
      'every',
      `${buckets} buckets of ${everyMs} ms between 'from' and 'to', at most ${MAX_BUCKETS}: use a larger every or a shorter from..to.`,
    );
}

/** Every parameter given at most once: `?limit=1&limit=2` is a 400, not a guess. */
export function checkSingle(search: URLSearchParams, params: readonly string[]): void {
  for (const p of params) {
    const n = search.getAll(p).length;
    if (n > 1) throw bad(p, `given ${n} times; give it once.`);
  }
}

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);
