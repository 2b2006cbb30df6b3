/**
 * Lets a log line through at most once per key per interval and counts the ones it keeps quiet, so an
 * error that repeats on every message is logged like a rejection: once per interval, with a count.
 */
export class LogLimiter {
  readonly #last = new Map<string, { at: number; suppressed: number }>();
  readonly #intervalMs: number;
  readonly #now: () => number;

  constructor(intervalMs: number, now: () => number) {
    this.#intervalMs = intervalMs;
    this.#now = now;
  }

  /** Undefined: stay quiet. Otherwise log, saying how many lines of this key were kept quiet before. */
  admit(key: string): number | undefined {
    const now = this.#now();
    const last = this.#last.get(key);
    if (last && now - last.at < this.#intervalMs) {
      last.suppressed++;
      return undefined;
    }
    if (this.#last.size > 10_000) this.#last.clear();
    this.#last.set(key, { at: now, suppressed: 0 });
    return last?.suppressed ?? 0;
  }
}
