/**
 * ESP-IDF panics in console text: `Guru Meditation Error: Core  0 panic'ed (LoadProhibited)…`, a
 * register dump, `Backtrace: 0x…:0x… …`, then `Rebooting...` (or `abort() was called…`). The
 * console fails the step with this text.
 */
const START =
  /Guru Meditation Error|abort\(\) was called at PC|\*\*\*ERROR\*\*\* A stack overflow|assert failed: /;
const END = /\n(?:Rebooting\.\.\.|ELF file SHA256:[^\n]*|CPU halted\.)[^\n]*\n?/;
const BACKTRACE = /Backtrace:[^\n]*\n/;

export interface PanicFound {
  start: number;
  /** Complete: the text reached `Rebooting...` (or an equivalent end); else what is there so far. */
  complete: boolean;
  text: string;
  /** `LoadProhibited`, `abort()`, … */
  reason: string;
}

/** The first panic in `text`, or undefined. */
export function findPanic(text: string): PanicFound | undefined {
  const s = START.exec(text);
  if (!s) return undefined;
  const lineStart = text.lastIndexOf('\n', s.index) + 1;
  const rest = text.slice(lineStart);
  const end = END.exec(rest);
  const bt = BACKTRACE.exec(rest);
  const body = end
    ? rest.slice(0, end.index + end[0].length)
    : bt
      ? rest.slice(0, bt.index + bt[0].length)
      : rest;
  const reason = /panic'ed \(([^)]+)\)/.exec(rest)?.[1] ?? (/abort\(\)/.test(s[0]) ? 'abort()' : s[0].trim());
  return { start: lineStart, complete: Boolean(end || bt), text: body.trimEnd(), reason };
}
