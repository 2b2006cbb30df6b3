import type { HilClock } from '../clock.ts';

/** A clock tests move by hand: `sleep` resolves when `advance` passes its deadline. */
export class ManualClock implements HilClock {
  private t = 0;
  private timers: { at: number; resolve: () => void }[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = { at: this.t + ms, resolve };
      this.timers.push(timer);
      signal?.addEventListener('abort', () => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(signal.reason as Error);
      });
    });
  }

  /** Moves time forward and fires what is due; lets promise callbacks run. */
  async advance(ms: number): Promise<void> {
    this.t += ms;
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const x of due) x.resolve();
    await new Promise((r) => setImmediate(r));
  }
}
