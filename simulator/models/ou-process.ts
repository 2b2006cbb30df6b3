import type { Rng } from './random.ts';

/** What every process with one (sigma, tau) shares: the parameters and the coefficients of the last step. */
export interface OuShape {
  readonly sigma: number;
  readonly tauMs: number;
  lastDtMs: number;
  decay: number;
  spread: number;
}

// Shared by every process of one shape (thousands per fleet, a handful of shapes): a process then holds
// only its value, not five more boxed doubles (~0.6 KiB per device at 10,000 devices, docs/simulator.md).
const SHAPES = new Map<string, OuShape>();
const MAX_SHAPES = 1024;

/**
 * The shape of processes with stationary standard deviation `sigma` and correlation time `tauMs`, shared
 * by all of them.
 */
export function ouShape(sigma: number, tauMs: number): OuShape {
  const key = `${sigma}/${tauMs}`;
  let shape = SHAPES.get(key);
  if (!shape) {
    shape = { sigma, tauMs, lastDtMs: -1, decay: 1, spread: 0 };
    // Shapes drawn per device (not done today) would not be worth sharing: keep them private.
    if (SHAPES.size < MAX_SHAPES) SHAPES.set(key, shape);
  }
  return shape;
}

/**
 * Ornstein–Uhlenbeck process: a random walk pulled back to its mean, the shape of weather anomalies,
 * mains voltage and frequency wander, RSSI and the like. Stepped with the exact discretisation, so any
 * step length gives the same statistics (a 7-day backfill may step every minute, a live run every second).
 */
export class OuProcess {
  /** Current value (starts at a draw from the stationary distribution). */
  value: number;
  private readonly shape: OuShape;

  /**
   * @param sigma stationary standard deviation (in the unit of the value)
   * @param tauMs correlation time: how long an excursion takes to fade to 1/e
   */
  constructor(rng: Rng, sigma: number, tauMs: number) {
    this.shape = ouShape(sigma, tauMs);
    this.value = ouStart(this.shape, rng);
  }

  /** Advances by dtMs and returns the new value (deviation from the mean, mean 0). */
  step(dtMs: number, rng: Rng): number {
    this.value = ouStep(this.value, this.shape, dtMs, rng);
    return this.value;
  }
}

/*
 * The same process without an object: a model keeps the values of its processes in one array of
 * numbers, which V8 stores as raw doubles (an OuProcess is an object and a boxed double: ~40 bytes more
 * each, ~0.25 KiB a device at 10,000 devices).
 */

/** A first value: a draw from the stationary distribution (what `new OuProcess` draws). */
export function ouStart(shape: OuShape, rng: Rng): number {
  return rng.normal(0, shape.sigma);
}

/** `value` advanced by dtMs (what OuProcess.step computes, drawing the same numbers). */
export function ouStep(value: number, shape: OuShape, dtMs: number, rng: Rng): number {
  if (dtMs <= 0) return value;
  // Fleets step at a fixed interval, so exp/sqrt are paid once per shape and step length.
  if (dtMs !== shape.lastDtMs) {
    shape.lastDtMs = dtMs;
    shape.decay = Math.exp(-dtMs / shape.tauMs);
    shape.spread = shape.sigma * Math.sqrt(1 - shape.decay * shape.decay);
  }
  return value * shape.decay + shape.spread * rng.normal();
}
