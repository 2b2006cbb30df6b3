import { RUNTIME_ERROR_CODES, RuntimeError } from '../errors.ts';

/**
 * InfluxDB line protocol encoding (../shared/notes/influxdb.md). Hand-written: the official clients
 * pull in the v2 API, which 1.6 lacks, and this is the small, hot part of them we need.
 */

export type FieldValue = number | boolean | string | { int: number };

export interface Point {
  measurement: string;
  tags?: Record<string, string | undefined>;
  fields: Record<string, FieldValue | undefined>;
  /** Epoch milliseconds (written with precision=ms). */
  timeMs?: number;
}

const MEASUREMENT_ESCAPE = /[, ]/g;
const KEY_ESCAPE = /[,= ]/g;
const STRING_ESCAPE = /["\\]/g;

export const escapeMeasurement = (s: string): string => s.replace(MEASUREMENT_ESCAPE, (c) => `\\${c}`);
export const escapeKey = (s: string): string => s.replace(KEY_ESCAPE, (c) => `\\${c}`);
export const escapeString = (s: string): string =>
  `"${s.replace(STRING_ESCAPE, (c) => `\\${c}`).replace(/\n/g, ' ')}"`;

function encodeField(value: FieldValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new RuntimeError(
        RUNTIME_ERROR_CODES.LINE_PROTOCOL,
        `a field value must be finite, got ${value}; InfluxDB stores no NaN or Infinity`,
      );
    // Always a float: a field's type must stay stable across points (InfluxDB rejects conflicts).
    // (String(1e21) is already "1e+21", a valid float; "1e+21.0" would not be.)
    return Number.isInteger(value) && Math.abs(value) < 1e21 ? `${value}.0` : String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return escapeString(value);
  return `${Math.trunc(value.int)}i`;
}

/** One line; fields with undefined value are left out. Throws when no field is left. */
export function toLine(point: Point): string {
  let line = escapeMeasurement(point.measurement);
  if (point.tags) {
    for (const key of Object.keys(point.tags).sort()) {
      const v = point.tags[key];
      if (v === undefined || v === '') continue;
      line += `,${escapeKey(key)}=${escapeKey(v)}`;
    }
  }
  let sep = ' ';
  for (const key in point.fields) {
    const v = point.fields[key];
    if (v === undefined) continue;
    line += `${sep}${escapeKey(key)}=${encodeField(v)}`;
    sep = ',';
  }
  if (sep === ' ')
    throw new RuntimeError(
      RUNTIME_ERROR_CODES.LINE_PROTOCOL,
      `point of ${point.measurement} has no field; InfluxDB needs at least one`,
    );
  if (point.timeMs !== undefined) line += ` ${Math.round(point.timeMs)}`;
  return line;
}
