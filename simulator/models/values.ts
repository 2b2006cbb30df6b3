/** Small helpers for options and readings. */

/** `value` as a finite number, or undefined (desired patches arrive as JSON). */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function clamp(x: number, min: number, max: number): number {
  return x < min ? min : x > max ? max : x;
}

const POWERS_OF_TEN = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/** Rounds to `decimals` places: readings go over the wire, and 17-digit floats waste bytes. */
export function round(x: number, decimals: number): number {
  const f = POWERS_OF_TEN[decimals] ?? 10 ** decimals;
  return Math.round(x * f) / f;
}

/** `{ x: undefined }` must not override a default. */
export function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/**
 * `defaults` with `own` on top: a model's resolved options. Only `own` (the device's seed, start, firmware,
 * draws and its group's options) is held by the object itself; the defaults come through its prototype,
 * shared by every device (a copy of every default in each of 10,000 devices cost ~0.3 KiB a device).
 * Read it field by field: a spread or Object.keys sees only `own`.
 */
export function overDefaults<T extends object>(defaults: Readonly<Partial<T>>, own: Partial<T>): T {
  return Object.assign(Object.create(defaults) as T, own);
}
