import type { Clock } from '../../twin/index.ts';

/** twin/'s Clock, and its real one; the engine takes either, or the virtual clock below. */
export { realClock, type Clock } from '../../twin/index.ts';

/**
 * A clock for tests: time stands still while code runs and jumps to the next sleeper's wake-up time
 * once everything else has settled (one `setImmediate` turn), so a 10-minute scenario with parallel
 * expectations runs in milliseconds, in a predictable order, with predictable timestamps.
 */
export class VirtualClock implements Clock {
  #now: number;
  #sleepers: { at: number; seq: number; resolve: () => void }[] = [];
  #seq = 0;
  #scheduled = false;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    return new Promise<void>((resolve, reject) => {
      const sleeper = {
        at: this.#now + Math.max(0, ms),
        seq: this.#seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
      this.#schedule();
    });
  }

  /** Moves time without sleeping (what a slow HTTP call would cost). */
  tick(ms: number): void {
    this.#now += ms;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#sleepers.length === 0) return;
      this.#sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#sleepers.shift();
      if (!next) return;
      this.#now = Math.max(this.#now, next.at);
      next.resolve();
      if (this.#sleepers.length > 0) this.#schedule();
    });
  }
}
