/**
 * A board's console: what the board prints, kept for `expect`, written to a timestamped log file,
 * and `send` for what we type.
 *
 * Buffer semantics (what `expect` consumes) — the same rule for every pattern kind:
 * - The console keeps the text received since it was attached and not consumed yet. `\r\n` is
 *   stored as `\n`; nothing else is changed.
 * - `expect` searches the unconsumed text from its beginning, so it also finds what arrived before
 *   the call. The match may span line breaks (a regex sees the whole text; use `[\s\S]` or the `s`
 *   flag to cross lines).
 * - On a match, everything up to the end of the match is consumed — also the text before the match.
 *   The next `expect` starts right after it, so two `expect("ready")` need two `ready`s.
 * - On a timeout, a panic or a `notMatching` hit nothing is consumed.
 * - `clear()` consumes everything received so far (e.g. before a reset, to ignore old output).
 * - At most `maxBufferChars` of unconsumed text is kept; the oldest is dropped beyond it.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { realClock, type HilClock } from '../clock.ts';
import { HIL_ERROR_CODES, HilError } from '../errors.ts';
import type { SerialLink } from '../link/serial-link.ts';
import { findPanic } from './panic.ts';
import { patternOf, type ConsoleMatch, type ConsolePattern, type PatternInput } from './patterns.ts';
import { parseUnity, UNITY_SUMMARY, type UnityResult } from './unity.ts';

export interface BoardConsoleOptions {
  /** The board's name in messages and the log. */
  name: string;
  /** Timestamped log of everything received and sent; none when unset. */
  logFile?: string;
  clock?: HilClock;
  /** Lines quoted in error messages (default 20). */
  tailLines?: number;
  /** Appended by `send` (default `\n`). */
  eol?: string;
  /** A panic that has not printed its backtrace yet fails the step after this long anyway (ms, default 300). */
  panicGraceMs?: number;
  /** Unconsumed text kept at most (characters, default 1 MiB). */
  maxBufferChars?: number;
}

export interface ExpectOptions {
  /** How long to wait (ms, default 10,000). */
  timeoutMs?: number;
  /** Fail as soon as any of these shows up before the match. */
  notMatching?: PatternInput;
  /** With a list: wait for all of them (in any order) instead of any. */
  all?: boolean;
  /** `fail` (default): a panic before the match fails the step with the panic text. */
  panics?: 'fail' | 'ignore';
  /** Gives up like a timeout when aborted (a scenario step's `timeout`). */
  signal?: AbortSignal;
}

export const CONSOLE_DEFAULTS = {
  timeoutMs: 10_000,
  tailLines: 20,
  eol: '\n',
  panicGraceMs: 300,
  maxBufferChars: 1 << 20,
};

interface Waiter {
  pattern: ConsolePattern;
  notMatching: ConsolePattern | undefined;
  panics: 'fail' | 'ignore';
  resolve: (m: ConsoleMatch) => void;
  reject: (e: Error) => void;
  panicSince?: number;
}

export class BoardConsole {
  readonly name: string;
  private readonly o: typeof CONSOLE_DEFAULTS & BoardConsoleOptions;
  private readonly clock: HilClock;
  private link: SerialLink | undefined;
  private unsubscribe: (() => void) | undefined;
  private decoder = new TextDecoder('utf-8');
  private text = '';
  private partialLine = '';
  private partialSince = 0;
  private readonly recent: string[] = [];
  private receivedChars = 0;
  private waiter: Waiter | undefined;
  private paused = false;
  private log: WriteStream | undefined;

  constructor(options: BoardConsoleOptions) {
    this.o = { ...CONSOLE_DEFAULTS, ...options };
    this.name = options.name;
    this.clock = options.clock ?? realClock;
    if (options.logFile) {
      mkdirSync(dirname(options.logFile), { recursive: true });
      this.log = createWriteStream(options.logFile, { flags: 'a' });
    }
  }

  /** Starts listening on a link (an open one). */
  attach(link: SerialLink): this {
    this.detach();
    this.link = link;
    this.unsubscribe = link.onData((chunk) => this.receive(chunk));
    return this;
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Ignores received bytes (while esptool-js owns the link) until `resume()`. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.decoder = new TextDecoder('utf-8');
  }

  /** Feeds text as if received (tests, and in-process sources). */
  receive(chunk: Uint8Array): void {
    if (this.paused) return;
    let s = this.decoder.decode(chunk, { stream: true });
    if (s.startsWith('\n') && this.text.endsWith('\r')) this.text = this.text.slice(0, -1);
    s = s.replace(/\r\n/g, '\n');
    this.receivedChars += s.length;
    this.text += s;
    if (this.text.length > this.o.maxBufferChars)
      this.text = this.text.slice(this.text.length - this.o.maxBufferChars);
    this.logText(s);
    this.check();
  }

  /**
   * Waits for `pattern` in the unconsumed text (see the buffer semantics above) and returns the
   * match. Rejects with `TB_ERR_HIL_EXPECT_TIMEOUT` (quoting the last lines),
   * `TB_ERR_HIL_EXPECT_NOT_MATCHING` or `TB_ERR_HIL_PANIC`.
   */
  async expect(pattern: PatternInput | ConsolePattern, options: ExpectOptions = {}): Promise<ConsoleMatch> {
    if (this.waiter) {
      throw new HilError(
        HIL_ERROR_CODES.STEP_INVALID,
        `${this.name}: an expect is already waiting; await it before the next one.`,
      );
    }
    const p = patternOf(pattern, { all: options.all ?? false });
    const timeoutMs = options.timeoutMs ?? this.o.timeoutMs;
    const receivedBefore = this.receivedChars;
    const abort = new AbortController();
    const result = new Promise<ConsoleMatch>((resolve, reject) => {
      this.waiter = {
        pattern: p,
        notMatching: options.notMatching === undefined ? undefined : patternOf(options.notMatching),
        panics: options.panics ?? 'fail',
        resolve,
        reject,
      };
    });
    const onAbort = () => abort.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timeout = this.clock.sleep(timeoutMs, abort.signal).then(
      () => this.timeoutError(p, timeoutMs, receivedBefore),
      () => {
        if (options.signal?.aborted)
          this.timeoutError(
            p,
            timeoutMs,
            receivedBefore,
            'the step was stopped (its timeout, or the scenario ended)',
          );
        return undefined as never;
      },
    );
    this.check();
    try {
      return await Promise.race([result, timeout]);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      abort.abort();
      this.waiter = undefined;
    }
  }

  private timeoutError(p: ConsolePattern, timeoutMs: number, receivedBefore: number, why?: string): never {
    const silent = this.receivedChars === receivedBefore;
    throw new HilError(
      HIL_ERROR_CODES.EXPECT_TIMEOUT,
      `${this.name}: ${why ? `${why} while waiting for ${p.label}` : `waited ${timeoutMs} ms for ${p.label} and it did not come`}. ` +
        (silent
          ? this.receivedChars === 0
            ? 'The board printed nothing at all: is it powered, on this port, at this baud rate, and not held in reset? '
            : 'The board printed nothing in that time. '
          : '') +
        `Last console lines:\n${this.tail()}`,
    );
  }

  /**
   * Waits for a Unity run's summary (`N Tests N Failures N Ignored` then `OK`/`FAIL`) and returns
   * the test cases printed since the last consumed match. Default timeout 60 s.
   */
  async expectUnity(options: Omit<ExpectOptions, 'all'> = {}): Promise<UnityResult> {
    await this.expect(UNITY_SUMMARY, { timeoutMs: 60_000, ...options });
    return parseUnity(this.lastConsumed);
  }

  /** Writes `line` and the line ending. */
  async send(line: string): Promise<void> {
    if (!this.link)
      throw new HilError(HIL_ERROR_CODES.LINK_CLOSED, `${this.name}: the console is not attached to a link.`);
    this.logLine(`[sent] ${line}`);
    await this.link.write(new TextEncoder().encode(line + this.o.eol));
  }

  /** Consumes everything received so far. */
  clear(): void {
    this.text = '';
  }

  /** The unconsumed text. */
  get pending(): string {
    return this.text;
  }

  /** The last `n` lines received (consumed or not), the unfinished one included. */
  lastLines(n = this.o.tailLines): string[] {
    const lines = this.partialLine ? [...this.recent, this.partialLine] : [...this.recent];
    return lines.slice(-n);
  }

  async close(): Promise<void> {
    this.detach();
    if (this.partialLine) this.logLine(this.partialLine, this.partialSince);
    this.partialLine = '';
    const log = this.log;
    this.log = undefined;
    if (log) await new Promise<void>((resolve) => log.end(resolve));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // — internals —

  /** What the last successful expect consumed (the Unity run's text, for instance). */
  private lastConsumed = '';

  private check(): void {
    const w = this.waiter;
    if (!w) return;
    const m = w.pattern.find(this.text);
    if (w.panics === 'fail') {
      const panic = findPanic(this.text);
      if (panic && (!m || panic.start < m.start)) {
        const first = w.panicSince === undefined;
        w.panicSince ??= this.clock.now();
        const fail = () =>
          w.reject(
            new HilError(
              HIL_ERROR_CODES.PANIC,
              `${this.name} panicked (${panic.reason}) while waiting for ${w.pattern.label}:\n${indent(findPanic(this.text)?.text ?? panic.text)}`,
            ),
          );
        if (panic.complete) fail();
        else if (first)
          void this.clock.sleep(this.o.panicGraceMs).then(() => {
            if (this.waiter === w) fail();
          });
        return;
      }
    }
    if (w.notMatching) {
      const bad = w.notMatching.find(m ? this.text.slice(0, m.end) : this.text);
      if (bad) {
        w.reject(
          new HilError(
            HIL_ERROR_CODES.EXPECT_NOT_MATCHING,
            `${this.name}: saw ${w.notMatching.label} ("${bad.text}") while waiting for ${w.pattern.label}. Last console lines:\n${this.tail()}`,
          ),
        );
        return;
      }
    }
    if (m) {
      this.lastConsumed = this.text.slice(0, m.end);
      this.text = this.text.slice(m.end);
      this.waiter = undefined;
      w.resolve(m);
    }
  }

  private logText(s: string): void {
    let rest = s;
    for (let nl = rest.indexOf('\n'); nl !== -1; nl = rest.indexOf('\n')) {
      if (!this.partialLine) this.partialSince = this.clock.now();
      const line = (this.partialLine + rest.slice(0, nl)).replace(/\r$/, '');
      this.partialLine = '';
      rest = rest.slice(nl + 1);
      this.recent.push(line);
      if (this.recent.length > 200) this.recent.shift();
      this.logLine(line, this.partialSince);
    }
    if (rest) {
      if (!this.partialLine) this.partialSince = this.clock.now();
      this.partialLine += rest;
    }
  }

  private logLine(line: string, at = this.clock.now()): void {
    this.log?.write(`${new Date(at).toISOString()} ${line}\n`);
  }

  private tail(): string {
    const lines = this.lastLines();
    return lines.length ? indent(lines.join('\n')) : '  | (nothing received)';
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  | ${l}`)
    .join('\n');
}
