/** Durations in scenario files: `250ms`, `10s`, `1.5m`, `2h`, `1d`, or a number of milliseconds. */
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export const DURATION_PATTERN = '^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$';
const DURATION_RE = new RegExp(DURATION_PATTERN);

export type DurationInput = string | number;

/** Milliseconds, or undefined when the text is not a duration. */
export function tryParseDuration(input: unknown): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined;
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  if (!DURATION_RE.test(text)) return undefined;
  const unit = /(ms|s|m|h|d)$/.exec(text)?.[1] as keyof typeof UNIT_MS;
  return Math.round(Number(text.slice(0, -unit.length)) * UNIT_MS[unit]);
}

export function parseDuration(input: DurationInput): number {
  const ms = tryParseDuration(input);
  if (ms === undefined)
    throw new Error(`'${String(input)}' is not a duration: use 500ms, 10s, 2m, 1h, 1d or a number of ms`);
  return ms;
}

/** 1234 → "1.23s", 90_000 → "1m30s", 250 → "250ms". */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  if (a < 1_000) return `${sign}${Math.round(a)}ms`;
  if (a < 60_000) return `${sign}${Number((a / 1_000).toFixed(2))}s`;
  const m = Math.floor(a / 60_000);
  const s = Math.round((a % 60_000) / 1_000);
  return `${sign}${m}m${s ? `${s}s` : ''}`;
}
