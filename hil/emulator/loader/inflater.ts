import { constants, createInflate, type Inflate } from 'node:zlib';

/**
 * One zlib stream fed block by block (FLASH_DEFL_DATA), writing what it inflates through `sink` in
 * order. Blocks are acknowledged on receipt, as the stub does, and written while the next one
 * arrives; `settled()` waits until everything fed so far is inflated and written.
 */
export class StreamingInflater {
  #z: Inflate;
  #error: Error | undefined;
  #total = 0;

  constructor(sink: (chunk: Uint8Array) => void) {
    this.#z = createInflate();
    this.#z.on('data', (chunk: Buffer) => {
      this.#total += chunk.length;
      try {
        sink(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      } catch (e) {
        this.#error = e as Error;
      }
    });
    this.#z.on('error', (e) => {
      this.#error = e;
    });
  }

  get error(): Error | undefined {
    return this.#error;
  }

  /** Bytes inflated so far. */
  get total(): number {
    return this.#total;
  }

  push(block: Uint8Array): void {
    if (!this.#error) this.#z.write(block);
  }

  /** Resolves when every block pushed so far has been inflated and handed to the sink. */
  settled(): Promise<void> {
    if (this.#error || this.#z.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      // A stream that fails stops calling back: its error (or close) settles it too.
      const done = () => {
        this.#z.off('error', done);
        this.#z.off('close', done);
        resolve();
      };
      this.#z.once('error', done);
      this.#z.once('close', done);
      this.#z.flush(constants.Z_SYNC_FLUSH, done);
    });
  }

  close(): void {
    this.#z.destroy();
  }
}
