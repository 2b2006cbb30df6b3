/** Keeps the last lines a service printed, so a failure can show them. */
export class LogTail {
  readonly #lines: string[] = [];
  readonly #max: number;
  readonly #onLine: ((line: string) => void) | undefined;
  #partial = '';

  /** `onLine` sees every complete line (the broker's security counters read them). */
  constructor(maxLines = 30, onLine?: (line: string) => void) {
    this.#max = maxLines;
    this.#onLine = onLine;
  }

  push(chunk: Buffer | string): void {
    const text = this.#partial + chunk.toString();
    const parts = text.split(/\r?\n/);
    this.#partial = parts.pop() ?? '';
    for (const line of parts) if (line.trim() !== '') this.#add(line);
  }

  #add(line: string): void {
    this.#onLine?.(line);
    this.#lines.push(line);
    if (this.#lines.length > this.#max) this.#lines.shift();
  }

  lines(): string[] {
    return this.#partial.trim() === '' ? [...this.#lines] : [...this.#lines, this.#partial];
  }

  includes(pattern: RegExp): boolean {
    return this.lines().some((l) => pattern.test(l));
  }
}
