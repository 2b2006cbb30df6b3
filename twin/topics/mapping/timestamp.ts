/** Reading a device's timestamp: epoch seconds, epoch milliseconds or ISO 8601, into epoch ms. */

export type TimestampFormat = 'auto' | 's' | 'ms' | 'iso';

/**
 * Below this a number is seconds in `auto`: 1e11 s is the year 5138, 1e11 ms is March 1973. So a
 * seconds value never lands in 1970 and no millisecond value of this century is read as seconds.
 */
const SECONDS_BELOW = 1e11;

// Date.parse alone would read a zone-less ISO time in the machine's local zone and accepts many
// non-ISO forms; this takes ISO 8601 only and reads a time without a zone as UTC.
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Epoch ms of an ISO 8601 date-time, or undefined. A time without zone is UTC. */
export function parseIsoTime(text: string): number | undefined {
  const m = ISO_RE.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  let z = zone.toUpperCase();
  if (z !== 'Z' && z.length === 3) z = `${z}:00`;
  else if (z !== 'Z' && !z.includes(':')) z = `${z.slice(0, 3)}:${z.slice(3)}`;
  const ms = frac === '' ? '' : `.${frac.slice(1, 4).padEnd(3, '0')}`;
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${ms}${z}`);
  return Number.isFinite(t) ? t : undefined;
}

/** Epoch ms of `value` in `format`, or a message saying what was wrong. */
export function readTimestamp(
  value: unknown,
  format: TimestampFormat,
): { ms: number; error?: undefined } | { ms?: undefined; error: string } {
  let v = value;
  if (typeof v === 'string' && format !== 'iso' && /^\d+(\.\d+)?$/.test(v.trim())) v = Number(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return { error: `${JSON.stringify(value)} is not a time >= 0` };
    if (format === 'iso') return { error: `${v} is a number; this profile expects ISO 8601 text` };
    const seconds = format === 's' || (format === 'auto' && v < SECONDS_BELOW);
    return { ms: Math.round(seconds ? v * 1000 : v) };
  }
  if (typeof v === 'string') {
    if (format === 's' || format === 'ms')
      return {
        error: `${JSON.stringify(value)} is text; this profile expects epoch ${format === 's' ? 'seconds' : 'milliseconds'}`,
      };
    const ms = parseIsoTime(v);
    if (ms === undefined)
      return {
        error: `${JSON.stringify(value)} is not ISO 8601 (e.g. 2024-11-30T07:00:00Z or 2024-11-30T08:00:00+01:00)`,
      };
    return { ms };
  }
  return { error: `${JSON.stringify(value)} is not a time: send epoch s, epoch ms or ISO 8601 text` };
}
