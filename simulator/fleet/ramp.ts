/** Opening a fleet's connections at a steady rate, with a cap on connections being opened at once. */

export interface RampOptions<T> {
  /** New connections per second. */
  ratePerSecond: number;
  /** Connections started but not settled (CONNACK+SUBACK or failure) at most. */
  maxConcurrent: number;
  /** How many started devices have settled so far. */
  settled(): number;
  start(device: T): void;
  /** Real ms between pacing checks. Default 10. */
  tickMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts every device at `ratePerSecond`; resolves when all of them have settled. */
export async function rampUp<T>(devices: readonly T[], o: RampOptions<T>): Promise<void> {
  const t0 = performance.now();
  const tickMs = o.tickMs ?? 10;
  let started = 0;
  while (o.settled() < devices.length) {
    const now = performance.now();
    const due = Math.min(devices.length, Math.floor(((now - t0) / 1000) * o.ratePerSecond) + 1);
    while (started < due && started - o.settled() < o.maxConcurrent) o.start(devices[started++] as T);
    await sleep(tickMs);
  }
}
