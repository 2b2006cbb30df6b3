import type { HilClock } from '../clock.ts';

/** 8N1: a start bit, 8 data bits, a stop bit. */
export const BITS_PER_BYTE = 10;

/**
 * One direction of a UART: bytes take `n × 10 / baud` seconds on the wire and arrive in order. The
 * schedule is absolute (each chunk ends where the previous one ended plus its own wire time), so a
 * late timer delays delivery but never lowers throughput below line rate. Delivery is whole chunks
 * at the time their last byte would have arrived.
 */
export class PacedPipe {
  #busyUntil = 0;
  #queue: { due: number; bytes: Uint8Array; baud: number }[] = [];
  #timer: AbortController | undefined;
  #timerDue = Infinity;
  #closed = false;

  private readonly clock: HilClock;
  /** Gets each chunk with the rate it was sent at (a receiver at another rate sees garbage). */
  private readonly deliver: (bytes: Uint8Array, sentAtBaud: number) => void;
  /** Rate for what is sent from now on. */
  baud: number;

  constructor(clock: HilClock, deliver: (bytes: Uint8Array, sentAtBaud: number) => void, baud: number) {
    this.clock = clock;
    this.deliver = deliver;
    this.baud = baud;
  }

  /** Wire time of `n` bytes at the current rate, ms. */
  wireMs(n: number): number {
    return (n * BITS_PER_BYTE * 1000) / this.baud;
  }

  send(bytes: Uint8Array): void {
    if (this.#closed || bytes.length === 0) return;
    const now = this.clock.now();
    const start = Math.max(now, this.#busyUntil);
    const due = start + this.wireMs(bytes.length);
    this.#busyUntil = due;
    this.#queue.push({ due, bytes: bytes.slice(), baud: this.baud });
    this.#arm();
  }

  /** Ms until everything queued has been delivered. */
  pendingMs(): number {
    return Math.max(0, this.#busyUntil - this.clock.now());
  }

  /** Drops what is still on the wire (a purge, or a reset of the receiver). */
  purge(): void {
    this.#queue = [];
    this.#busyUntil = 0;
    this.#cancel();
  }

  close(): void {
    this.#closed = true;
    this.purge();
  }

  #cancel(): void {
    this.#timer?.abort();
    this.#timer = undefined;
    this.#timerDue = Infinity;
  }

  #arm(): void {
    const head = this.#queue[0];
    if (!head || head.due >= this.#timerDue) return;
    if (head.due - this.clock.now() < 1) {
      // Under a timer tick away: a timer would only add its own latency (≥ 1 ms) to an answer.
      queueMicrotask(() => this.#flush());
      return;
    }
    this.#cancel();
    const ctl = new AbortController();
    this.#timer = ctl;
    this.#timerDue = head.due;
    this.clock.sleep(Math.max(0, head.due - this.clock.now()), ctl.signal).then(
      () => {
        if (this.#timer !== ctl) return;
        this.#timer = undefined;
        this.#timerDue = Infinity;
        this.#flush();
      },
      () => {},
    );
  }

  #flush(): void {
    const now = this.clock.now();
    while (this.#queue.length > 0 && (this.#queue[0]?.due ?? Infinity) < now + 1) {
      const next = this.#queue.shift();
      if (next) this.deliver(next.bytes, next.baud);
      if (this.#closed) return;
    }
    this.#arm();
  }
}
