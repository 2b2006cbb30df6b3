import type { Rng } from './random.ts';

/**
 * Ornstein–Uhlenbeck process: a random walk pulled back to its mean, the shape of weather anomalies,
 * mains voltage and frequency wander, RSSI and the like. Stepped with the exact discretisation, so any
 * step length gives the same statistics (a 7-day backfill may step every minute, a live run every second).
 */
export class OuProcess {
  /** Current value (starts at a draw from the stationary distribution). */
  value: number;
  private readonly sigma: number;
  private readonly tauMs: number;
  // Coefficients for the last step length: fleets step at a fixed interval, so exp/sqrt are paid once.
  private lastDtMs = -1;
  private decay = 1;
  private spread = 0;

  /**
   * @param sigma stationary standard deviation (in the unit of the value)
   * @param tauMs correlation time: how long an excursion takes to fade to 1/e
   */
  constructor(rng: Rng, sigma: number, tauMs: number) {
    this.sigma = sigma;
    this.tauMs = tauMs;
    this.value = rng.normal(0, sigma);
  }

  /** Advances by dtMs and returns the new value (deviation from the mean, mean 0). */
  step(dtMs: number, rng: Rng): number {
    if (dtMs <= 0) return this.value;
    if (dtMs !== this.lastDtMs) {
      this.lastDtMs = dtMs;
      this.decay = Math.exp(-dtMs / this.tauMs);
      this.spread = this.sigma * Math.sqrt(1 - this.decay * this.decay);
    }
    this.value = this.value * this.decay + this.spread * rng.normal();
    return this.value;
  }
}
