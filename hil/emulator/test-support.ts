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
