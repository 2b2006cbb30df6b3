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
const LINE_BREAK = /[\n\r]/g;

// What no escape can carry through line protocol into a name or a tag: a line break ends the line, and a
// backslash is ambiguous (InfluxDB 1.x keeps `\\` in a tag as two backslashes, and a tag that ends in one
// escapes the separator after it, so the whole line is refused).
const UNWRITABLE_IN_NAME = /[\\\n\r]/;

/**
 * Why `s` cannot be a measurement, tag key, tag value or field key (undefined when it can): it
 * contains a backslash or a line break. Callers that take names from devices check with this at
 * the edge, so a refused name is refused there and not in the middle of a batch.
 */
export function nameProblem(s: string): string | undefined {
  const bad = UNWRITABLE_IN_NAME.exec(s);
  if (!bad) return undefined;
  const what = bad[0] === '\\' ? 'a backslash' : 'a line break';
  return `contains ${what}, which InfluxDB line protocol cannot carry in a name or tag`;
}

function checkedName(s: string, what: string): string {
  const problem = nameProblem(s);
  if (problem === undefined) return s;
  const shown = JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
  throw new RuntimeError(RUNTIME_ERROR_CODES.LINE_PROTOCOL, `${what} ${shown} ${problem}`);
}

/** Escapes `,` and space; throws on a backslash or line break (see `nameProblem`). */
export const escapeMeasurement = (s: string): string =>
  checkedName(s, 'measurement').replace(MEASUREMENT_ESCAPE, (c) => `\\${c}`);
/** Escapes `,`, `=` and space; throws on a backslash or line break (see `nameProblem`). */
export const escapeKey = (s: string): string =>
  checkedName(s, 'tag or field key').replace(KEY_ESCAPE, (c) => `\\${c}`);
/**
 * A string field value, quoted, with `"` and `\\` escaped. A line break (`\n`, `\r`) becomes a space:
 * InfluxDB's line protocol reference says no field value may hold one (1.6.7 keeps them, later versions
 * need not). Every other character goes as it is: tabs, control characters, unicode, emoji.
 */
export const escapeString = (s: string): string =>
  `"${s.replace(STRING_ESCAPE, (c) => `\\${c}`).replace(LINE_BREAK, ' ')}"`;

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
