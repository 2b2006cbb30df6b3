import { MinHeap } from './min-heap.ts';

export type RealNow = () => number;

/**
 * Real-time delays shared by every device of a fleet (reconnect backoff, command latency, the latency
 * fault): one heap and one `setTimeout` rather than a timer per device and message.
 */
export class DelayLine {
  private readonly heap = new MinHeap<() => void>();
  private readonly now: RealNow;
  private readonly onError: (err: unknown) => void;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;
  private closed = false;

  constructor(options: { now?: RealNow; onError?: (err: unknown) => void } = {}) {
    this.now = options.now ?? performance.now.bind(performance);
    this.onError = options.onError ?? (() => undefined);
  }

  get size(): number {
    return this.heap.size;
  }

  /** Runs `fn` after `ms` real milliseconds (in order of due time, then of calls). */
  after(ms: number, fn: () => void): void {
    if (this.closed) return;
    const at = this.now() + Math.max(0, ms);
    this.heap.push(at, fn);
    if (at < this.armedFor) this.arm(at);
  }

  /** Drops everything pending; later calls are ignored. */
  close(): void {
    this.closed = true;
    this.heap.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, Math.ceil(at - this.now())));
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = this.now();
    let ran = 0;
    while (this.heap.peekAt() <= now && ran < 5000) {
      const entry = this.heap.pop();
      if (!entry) break;
      ran++;
      try {
        entry.item();
      } catch (err) {
        this.onError(err);
      }
    }
    const next = this.heap.peekAt();
    if (next !== Infinity && !this.closed) this.arm(ran >= 5000 ? now : next);
  }
}
