/**
 * The one duration grammar of twinbench: `250ms`, `10s`, `1.5m`, `2h`, `7d`, `1w`, compounds such as
 * `1h30m`, or a plain number of milliseconds (a number, or a string of digits). Everything else is
 * refused with one wording.
 */
import { Type } from 'typebox';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type Unit = keyof typeof UNIT_MS;

/** A regular expression (JSON Schema `pattern`) of a duration written as text. */
export const DURATION_PATTERN = '^(?:[0-9]+|(?:[0-9]+(?:\\.[0-9]+)?(?:ms|s|m|h|d|w))+)$';
const DURATION_RE = new RegExp(DURATION_PATTERN);
const PART_RE = /([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d|w)/g;

/** What a duration may be written as. */
export type DurationInput = string | number;

/** JSON Schema of a duration: text in the grammar, or a number of milliseconds >= 0. */
export const DurationSchema = Type.Union(
  [Type.String({ pattern: DURATION_PATTERN }), Type.Number({ minimum: 0 })],
  { description: 'a duration: 500ms, 10s, 1.5m, 2h, 7d, 1w, 1h30m, or a number of milliseconds' },
);

/** Milliseconds (rounded to whole ms), or undefined when `input` is not a duration. */
export function tryParseDuration(input: unknown): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? Math.round(input) : undefined;
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  if (!DURATION_RE.test(text)) return undefined;
  if (/^[0-9]+$/.test(text)) return Number(text);
  let ms = 0;
  for (const m of text.matchAll(PART_RE)) ms += Number(m[1]) * UNIT_MS[m[2] as Unit];
  return Math.round(ms);
}

/** The message every part gives for something that is not a duration. */
export function durationError(input: unknown, what?: string): string {
  const shown = typeof input === 'string' ? `'${input}'` : String(input);
  return `${what ? `${what} ` : ''}${shown} is not a duration: use 500ms, 10s, 1.5m, 2h, 7d, 1w, 1h30m or a number of milliseconds`;
}

/**
 * Milliseconds; throws a `RangeError` with `durationError`'s wording when `input` is not a duration
 * (`what` names the thing, e.g. `--for`).
 */
export function parseDuration(input: DurationInput, what?: string): number {
  const ms = tryParseDuration(input);
  if (ms === undefined) throw new RangeError(durationError(input, what));
  return ms;
}

/** For people: 250 → "250ms", 1234 → "1.23s", 90_000 → "1m30s", 7_200_000 → "2h", 90_000_000 → "1d1h". */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  if (a < 1_000) return `${sign}${Math.round(a)}ms`;
  if (a < 60_000) return `${sign}${Number((a / 1_000).toFixed(2))}s`;
  if (a < 3_600_000) {
    const m = Math.floor(a / 60_000);
    const s = Math.round((a % 60_000) / 1_000);
    return s === 60 ? `${sign}${m + 1}m` : `${sign}${m}m${s ? `${s}s` : ''}`;
  }
  if (a < 86_400_000) {
    const h = Math.floor(a / 3_600_000);
    const m = Math.round((a % 3_600_000) / 60_000);
    return m === 60 ? `${sign}${h + 1}h` : `${sign}${h}h${m ? `${m}m` : ''}`;
  }
  const d = Math.floor(a / 86_400_000);
  const h = Math.round((a % 86_400_000) / 3_600_000);
  return h === 24 ? `${sign}${d + 1}d` : `${sign}${d}d${h ? `${h}h` : ''}`;
}
