import type { SerialLink } from '../link/serial-link.ts';

/**
 * For tests: everything a link receives, as text, and a wait for a pattern in it that fails with
 * the text seen so far. Event-driven (no polling, no sleeps).
 */
export function recordConsole(link: SerialLink) {
  let text = '';
  let waiters: { re: RegExp; from: number; resolve: (m: RegExpExecArray) => void }[] = [];
  const check = () => {
    waiters = waiters.filter((w) => {
      const m = w.re.exec(text.slice(w.from));
      if (m) w.resolve(m);
      return !m;
    });
  };
  const off = link.onData((chunk) => {
    text += Buffer.from(chunk).toString('latin1');
    check();
  });
  return {
    get text() {
      return text;
    },
    /** Index to pass as `from` to look only at what arrives after now. */
    mark: () => text.length,
    waitFor(re: RegExp, timeoutMs = 5000, from = 0): Promise<RegExpExecArray> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w.resolve !== done);
          reject(
            new Error(
              `timed out after ${timeoutMs} ms waiting for ${re}; the console said:\n${text.slice(from).slice(-2000)}`,
            ),
          );
        }, timeoutMs);
        const done = (m: RegExpExecArray) => {
          clearTimeout(timer);
          resolve(m);
        };
        waiters.push({ re, from, resolve: done });
        check();
      });
    },
    stop: off,
  };
}

/** A clock tests move by hand: `advance(ms)` fires due sleeps in order, letting each continuation run. */
export class FakeClock {
  #now = 1_700_000_000_000;
  #timers: { due: number; resolve: () => void; seq: number }[] = [];
  #seq = 0;

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const t = { due: this.#now + ms, resolve, seq: this.#seq++ };
      this.#timers.push(t);
      signal?.addEventListener(
        'abort',
        () => {
          this.#timers = this.#timers.filter((x) => x !== t);
          reject(signal.reason as Error);
        },
        { once: true },
      );
    });
  }

  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await new Promise((r) => setImmediate(r));
      this.#timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
      const next = this.#timers[0];
      if (!next || next.due > target) break;
      this.#timers.shift();
      this.#now = Math.max(this.#now, next.due);
      next.resolve();
    }
    this.#now = target;
    await new Promise((r) => setImmediate(r));
  }
}
