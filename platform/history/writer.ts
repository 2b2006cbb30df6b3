import { RuntimeError, linesRefused } from '../../runtime/index.ts';
import type { HistoryPort } from '../ports/ports.ts';

export interface HistoryWriterOptions {
  client: Pick<HistoryPort, 'write'>;
  /** Lines per write request. Default 5 000 (InfluxDB ingests best in thousands). */
  maxBatchLines?: number;
  /** A partial batch is written after this long. Default 100 ms. */
  flushIntervalMs?: number;
  /** Above this many queued lines `saturated` is true and ingest holds back MQTT acks. Default 50 000. */
  highWaterLines?: number;
  /** Hard bound; past it the oldest lines are dropped and counted (only when InfluxDB is down for long). Default 1 000 000. */
  maxQueueLines?: number;
  /** Least time between two writes that `flushSoon` starts (REST changes waiting). Default 20 ms. */
  soonGapMs?: number;
  /** Write requests in flight at once. Default 2. */
  concurrency?: number;
  /** Called after every write attempt (for metrics and logs). */
  onWrite?: (e: { lines: number; ms: number; error?: Error }) => void;
  onDrop?: (lines: number) => void;
}

/** Lines taken from the queue for one write request; `from` is the sequence number of its first line. */
interface Batch {
  from: number;
  lines: string[];
}

/** Everyone waiting until the lines up to `upTo` are settled (written, or refused for good). */
interface DurableWaiters {
  upTo: number;
  promise: Promise<void>;
  resolve: () => void;
}

/**
 * Batches line protocol into InfluxDB by size and by a short timer, retrying failed batches with
 * backoff. Every line gets a sequence number; `whenDurable()` resolves once every line pushed so far
 * is settled, which is when ingest acknowledges the MQTT messages that carried them. Hand-written: the
 * official client targets the v2 API, which InfluxDB 1.6 lacks, and we need to know when each line is
 * stored to acknowledge its message.
 */
export class HistoryWriter {
  readonly #client: Pick<HistoryPort, 'write'>;
  readonly #maxBatch: number;
  readonly #intervalMs: number;
  readonly #highWater: number;
  readonly #maxQueue: number;
  readonly #concurrency: number;
  readonly #opts: HistoryWriterOptions;
  #queue: string[] = [];
  /** Sequence number of `#queue[0]`; lines are numbered from 1 in push order. */
  #queueFrom = 1;
  #pushed = 0;
  /** Failed batches waiting for their retry, oldest lines first. */
  #retry: Batch[] = [];
  readonly #sending = new Set<Batch>();
  #inFlight = 0;
  #inFlightLines = 0;
  /** Open waiters last; each resolves when the lines up to its `upTo` are settled. */
  #durable: DurableWaiters[] = [];
  #timer: NodeJS.Timeout | undefined;
  #retryDelayMs = 0;
  #roomWaiters: (() => void)[] = [];
  #idleWaiters: (() => void)[] = [];
  #closed = false;
  /** Someone waits for the queue to be stored (flushSoon); the send scheduled for it; the last one's start. */
  #soonWanted = false;
  #soonTimer: NodeJS.Timeout | undefined;
  #lastSoonAt = Number.NEGATIVE_INFINITY;
  readonly #soonGapMs: number;
  written = 0;
  dropped = 0;
  failures = 0;

  constructor(options: HistoryWriterOptions) {
    this.#opts = options;
    this.#client = options.client;
    this.#maxBatch = options.maxBatchLines ?? 5_000;
    this.#intervalMs = options.flushIntervalMs ?? 100;
    this.#highWater = options.highWaterLines ?? 50_000;
    this.#maxQueue = options.maxQueueLines ?? 1_000_000;
    this.#concurrency = options.concurrency ?? 2;
    this.#soonGapMs = options.soonGapMs ?? 20;
  }

  /** Lines queued, not yet acknowledged by InfluxDB (in-flight batches included). */
  get depth(): number {
    return this.#queue.length + this.#retryLines() + this.#inFlightLines;
  }

  /** Every line up to this sequence number is written (or was refused for good, or dropped). */
  get settled(): number {
    let first = this.#queue.length > 0 ? this.#queueFrom : this.#pushed + 1;
    const retry = this.#retry[0];
    if (retry && retry.from < first) first = retry.from;
    for (const b of this.#sending) if (b.from < first) first = b.from;
    return first - 1;
  }

  /**
   * Resolves once every line pushed so far is settled: written to InfluxDB, or refused by it as data
   * (retrying cannot help), or dropped past `maxQueueLines`. Undefined when that is already so.
   * Callers between two batches share one promise, so acknowledging 50 000 messages a second costs a
   * few promises per batch, not one per message.
   */
  whenDurable(): Promise<void> | undefined {
    const upTo = this.#pushed;
    if (this.settled >= upTo) return undefined;
    let open = this.#durable.at(-1);
    // Extended only while its last line is still queued: once that line went out in a batch, later
    // lines (a later batch) must not hold back this batch's acknowledgements.
    if (!open || (open.upTo < this.#queueFrom && open.upTo !== upTo)) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      open = { upTo, promise, resolve };
      this.#durable.push(open);
    }
    open.upTo = upTo;
    return open.promise;
  }

  get saturated(): boolean {
    return this.depth >= this.#highWater;
  }

  push(line: string): void {
    if (this.#closed) throw new Error('HistoryWriter is closed');
    this.#queue.push(line);
    this.#pushed++;
    if (this.#queue.length > this.#maxQueue) {
      const excess = this.#queue.length - this.#maxQueue;
      this.#queue.splice(0, excess);
      this.#queueFrom += excess;
      this.dropped += excess;
      this.#opts.onDrop?.(excess);
      this.#settle();
    }
    if (this.#queue.length >= this.#maxBatch) this.#pump();
    else this.#arm();
  }

  /**
   * Sends what is queued soon instead of at the next timer: a REST change is answered only once it is
   * stored (platform/api/durable-replies.ts). At once (the end of this turn) when no such write went
   * out in the last `soonGapMs` and none is in flight; else when the gap has passed or the write in
   * flight ends, whichever is later, so changes that come meanwhile share one request: a lone change is
   * answered at once, and 200 a second cost 1 000 / `soonGapMs` writes, not 200. Not while backing off
   * from a failure: the timer's probe goes first.
   */
  flushSoon(): void {
    if (this.#closed) return;
    this.#soonWanted = true;
    this.#scheduleSoon();
  }

  #scheduleSoon(): void {
    if (this.#soonTimer || this.#inFlight > 0) return;
    const wait = Math.max(0, this.#lastSoonAt + this.#soonGapMs - performance.now());
    this.#soonTimer = setTimeout(() => {
      this.#soonTimer = undefined;
      if (!this.#soonWanted || this.#closed || this.#retryDelayMs > 0) return;
      if (this.#inFlight > 0) return; // its end schedules again
      this.#soonWanted = false;
      this.#lastSoonAt = performance.now();
      this.#pump(true);
    }, wait);
  }

  /** Resolves when the queue is below the high-water mark. */
  waitForRoom(): Promise<void> {
    if (!this.saturated) return Promise.resolve();
    return new Promise((resolve) => this.#roomWaiters.push(resolve));
  }

  /** Writes everything queued now; resolves when InfluxDB has it, or false after timeoutMs. */
  async flush(timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    this.#pump(true);
    if (this.depth === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.#idleWaiters.push(() => resolve(true)));
    const late = Number.isFinite(timeoutMs)
      ? new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)))
      : idle;
    const done = await Promise.race([idle, late]);
    clearTimeout(timer);
    return done;
  }

  /** Flushes (for at most timeoutMs) and stops; returns whether everything was written. */
  async close(timeoutMs = 10_000): Promise<boolean> {
    const done = await this.flush(timeoutMs);
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    clearTimeout(this.#soonTimer);
    return done;
  }

  #retryLines(): number {
    let n = 0;
    for (const b of this.#retry) n += b.lines.length;
    return n;
  }

  /** Resolves the waiters whose lines are all settled. */
  #settle(): void {
    const settled = this.settled;
    while (this.#durable.length > 0 && (this.#durable[0] as DurableWaiters).upTo <= settled) {
      (this.#durable.shift() as DurableWaiters).resolve();
    }
  }

  #arm(): void {
    // After close() nothing is retried in the background: what is left was reported by close().
    if (this.#closed || this.#timer || (this.#queue.length === 0 && this.#retry.length === 0)) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#pump(true);
      },
      Math.max(this.#intervalMs, this.#retryDelayMs),
    );
  }

  #pump(partial = false): void {
    while (this.#inFlight < this.#concurrency && (this.#queue.length > 0 || this.#retry.length > 0)) {
      if (!partial && this.#retry.length === 0 && this.#queue.length < this.#maxBatch) break;
      // Backing off after a failure: one probe at a time, and only from the timer or flush(); a push
      // past maxBatchLines must not send (InfluxDB down would otherwise get a request per message).
      if (this.#retryDelayMs > 0 && (this.#inFlight > 0 || !partial)) break;
      let batch = this.#retry.shift();
      if (!batch) {
        batch = { from: this.#queueFrom, lines: this.#queue.splice(0, this.#maxBatch) };
        this.#queueFrom += batch.lines.length;
      }
      void this.#send(batch);
    }
    this.#arm();
  }

  async #send(sending: Batch): Promise<void> {
    const batch = sending.lines;
    this.#sending.add(sending);
    this.#inFlight++;
    this.#inFlightLines += batch.length;
    const started = performance.now();
    let retry = false;
    try {
      await this.#client.write(batch);
      this.written += batch.length;
      this.#retryDelayMs = 0;
      this.#opts.onWrite?.({ lines: batch.length, ms: performance.now() - started });
    } catch (err) {
      this.failures++;
      const status = err instanceof RuntimeError ? err.upstreamStatus : undefined;
      if (status !== undefined && status >= 400 && status < 500 && status !== 404 && status !== 429) {
        // The data itself was refused (e.g. a field type conflict): retrying cannot help. On a
        // "partial write" InfluxDB kept the good lines and its whole answer says which it did not
        // (read from the answer itself, not from the error message, which shows only its start).
        const refused = linesRefused((err as RuntimeError).upstreamError);
        const lost = refused === undefined ? batch.length : Math.min(batch.length, refused);
        this.dropped += lost;
        this.#opts.onDrop?.(lost);
      } else {
        // Keep the batch for a retry and back off (up to 5 s) so a restarting InfluxDB loses nothing.
        retry = true;
        this.#retryDelayMs = Math.min(5_000, Math.max(200, this.#retryDelayMs * 2));
      }
      this.#opts.onWrite?.({ lines: batch.length, ms: performance.now() - started, error: err as Error });
    } finally {
      this.#sending.delete(sending);
      this.#inFlight--;
      this.#inFlightLines -= batch.length;
    }
    if (retry) {
      const at = this.#retry.findIndex((b) => b.from > sending.from);
      this.#retry.splice(at < 0 ? this.#retry.length : at, 0, sending);
    } else this.#settle();
    if (!this.saturated) for (const w of this.#roomWaiters.splice(0)) w();
    if (this.#retryDelayMs > 0) this.#arm();
    else {
      // What flushSoon waits for goes once the gap since the last such write has passed.
      if (this.#soonWanted) this.#scheduleSoon();
      this.#pump(this.#idleWaiters.length > 0 || this.#closed);
    }
    if (this.depth === 0) for (const w of this.#idleWaiters.splice(0)) w();
  }
}
