// The platform bench's publisher worker threads (bench/publisher-worker.ts): the raw ceiling adds them
// until the broker, not the load generator, is the limit; the saturation phase drives them.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DriveRequest, DriveResult, PublisherWorkerData } from './publisher-worker.ts';

/** Publisher worker threads, each with its own connections and share of the devices. */
export class PublisherPool {
  readonly #url: string;
  readonly #ids: string[];
  readonly #workers: Worker[] = [];

  constructor(url: string, ids: string[]) {
    this.#url = url;
    this.#ids = ids;
  }

  get size(): number {
    return this.#workers.length;
  }

  /** Stops the workers there are and starts `n`, worker k publishing for every n-th device from k. */
  async resize(n: number): Promise<void> {
    await this.close();
    for (let k = 0; k < n; k++) {
      const data: PublisherWorkerData = {
        url: this.#url,
        connections: 4,
        prefix: `bench-w${k}`,
        devices: this.#ids.filter((_, i) => i % n === k),
      };
      const worker = new Worker(fileURLToPath(new URL('./publisher-worker.ts', import.meta.url)), {
        workerData: data,
      });
      await new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
      });
      this.#workers.push(worker);
    }
  }

  /** Every worker drives its share of `rate` for `seconds`; sent is the sum, ms the longest. */
  async drive(kind: DriveRequest['kind'], rate: number, seconds: number): Promise<DriveResult> {
    const share = rate / this.#workers.length;
    const results = await Promise.all(
      this.#workers.map(
        (w) =>
          new Promise<DriveResult>((resolve) => {
            w.once('message', (r: DriveResult) => resolve(r));
            w.postMessage({ kind, rate: share, seconds } satisfies DriveRequest);
          }),
      ),
    );
    return {
      sent: results.reduce((n, r) => n + r.sent, 0),
      ms: Math.max(...results.map((r) => r.ms)),
    };
  }

  async close(): Promise<void> {
    await Promise.all(
      this.#workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            w.once('message', () => resolve());
            w.postMessage('close');
          }),
      ),
    );
    await Promise.all(this.#workers.splice(0).map((w) => w.terminate()));
  }
}
