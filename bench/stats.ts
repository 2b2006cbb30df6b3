/** Latency samples and their percentiles (sorting at the end is cheaper than a histogram at these counts). */
export class Samples {
  #values = new Float64Array(1 << 16);
  #n = 0;

  add(v: number): void {
    if (this.#n === this.#values.length) {
      const next = new Float64Array(this.#values.length * 2);
      next.set(this.#values);
      this.#values = next;
    }
    this.#values[this.#n++] = v;
  }

  get count(): number {
    return this.#n;
  }

  percentiles(ps: readonly number[]): number[] {
    if (this.#n === 0) return ps.map(() => Number.NaN);
    const sorted = this.#values.slice(0, this.#n).sort();
    return ps.map((p) => sorted[Math.min(this.#n - 1, Math.floor((p / 100) * this.#n))] as number);
  }
}

export const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '-';

/** A live counter line on stderr (only on a terminal; CI logs get the final figures). */
export function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
}
export function progressDone(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}
