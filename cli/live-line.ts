/** One status line that rewrites itself on a terminal, and prints every few seconds elsewhere (CI logs). */
export class LiveLine {
  readonly #tty = Boolean(process.stderr.isTTY);
  #lastPlain = 0;
  readonly #plainEveryMs: number;

  constructor(plainEveryMs = 10_000) {
    this.#plainEveryMs = plainEveryMs;
  }

  update(text: string): void {
    if (this.#tty) {
      process.stderr.write(`\r\x1b[2K${text}`);
      return;
    }
    const now = Date.now();
    if (now - this.#lastPlain >= this.#plainEveryMs) {
      this.#lastPlain = now;
      process.stderr.write(`${text}\n`);
    }
  }

  /** Ends the live line so the next output starts on a fresh one. */
  done(): void {
    if (this.#tty) process.stderr.write('\n');
  }
}
