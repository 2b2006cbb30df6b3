import type { FleetClock } from './clock.ts';
import { MinHeap } from './min-heap.ts';

/** Something due at a virtual time: a device's next publish, the end of a fault. */
export interface ScheduledTask {
  run(atMs: number): void;
}

export interface SchedulerOptions {
  /** Tasks run per event-loop turn before yielding to I/O. Default 2000. */
  batch?: number;
  /** Longest real wait between two checks of the clock, ms. Default 1000. */
  maxSleepMs?: number;
  /** Called when a task throws (the loop goes on). */
  onError?: (err: unknown) => void;
}

/**
 * One timer for a whole fleet: a min-heap of virtual due times instead of a setInterval per device.
 * One real `setTimeout` is armed for the earliest entry (converted through the clock's speed); due
 * entries run in time order, in batches, yielding to I/O between batches so sockets stay served.
 */
export class Scheduler {
  private readonly heap = new MinHeap<ScheduledTask>();
  private readonly clock: FleetClock;
  private readonly batch: number;
  private readonly maxSleepMs: number;
  private readonly onError: (err: unknown) => void;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;
  private running = false;
  private stopped = true;
  private draining: Promise<void> | undefined;

  constructor(clock: FleetClock, options: SchedulerOptions = {}) {
    this.clock = clock;
    this.batch = options.batch ?? 2000;
    this.maxSleepMs = options.maxSleepMs ?? 1000;
    this.onError = options.onError ?? (() => undefined);
  }

  get size(): number {
    return this.heap.size;
  }

  /** Virtual time of the earliest task (Infinity when none). */
  nextAt(): number {
    return this.heap.peekAt();
  }

  schedule(atMs: number, task: ScheduledTask): void {
    this.heap.push(atMs, task);
    if (!this.stopped && !this.running && atMs < this.armedFor) this.arm();
  }

  start(): void {
    this.stopped = false;
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  /** Runs every task due up to the clock's now (yielding between batches); resolves when none is due. */
  runDue(): Promise<void> {
    this.draining ??= this.loop().finally(() => {
      this.draining = undefined;
      if (!this.stopped) this.arm();
    });
    return this.draining;
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      for (;;) {
        const now = this.clock.now();
        let ran = 0;
        while (ran < this.batch && this.heap.peekAt() <= now) {
          const entry = this.heap.pop();
          if (!entry) break;
          ran++;
          try {
            entry.item.run(entry.at);
          } catch (err) {
            this.onError(err);
          }
        }
        // A fresh look at the clock: advance() may have moved it while this loop yielded.
        if (this.heap.peekAt() > this.clock.now()) return;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
    if (this.stopped) return;
    const next = this.heap.peekAt();
    if (next === Infinity) return;
    const delay = Math.min(this.clock.realDelayUntil(next), this.maxSleepMs);
    this.armedFor = next;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.armedFor = Infinity;
        void this.runDue();
      },
      Math.max(0, Math.ceil(delay)),
    );
  }
}
