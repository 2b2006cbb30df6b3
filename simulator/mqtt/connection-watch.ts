/** What the watch needs from a connection. */
export interface Watched {
  /** Sends PINGREQ when idle, gives up on a silent broker or a CONNACK that never came. */
  checkTimers(nowMs: number): void;
}

/**
 * One interval for every connection's keepalive pings and connect timeouts, instead of two timers per
 * connection (what MQTT.js holds per client). A check costs a few comparisons, so sweeping 10,000
 * connections every second is cheap.
 */
export class ConnectionWatch {
  private readonly watched = new Set<Watched>();
  private readonly periodMs: number;
  private timer: NodeJS.Timeout | undefined;

  /** @param periodMs how often connections are checked, ms. Default 1000. */
  constructor(periodMs = 1000) {
    this.periodMs = periodMs;
  }

  add(c: Watched): void {
    this.watched.add(c);
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), this.periodMs);
      this.timer.unref(); // open sockets keep the process alive, not the watch
    }
  }

  delete(c: Watched): void {
    this.watched.delete(c);
    if (this.watched.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  get size(): number {
    return this.watched.size;
  }

  private sweep(): void {
    const now = performance.now();
    for (const c of this.watched) c.checkTimers(now);
  }
}

/** The watch of connections that were not given one. */
export const DEFAULT_WATCH = new ConnectionWatch();
