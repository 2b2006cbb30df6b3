import type { Rng } from '../random.ts';

/**
 * IEC 60898-1 tripping: an instantaneous magnetic release inside the curve's band, and an inverse-time
 * thermal release modelled by a thermal replica (as protection relays compute it, IEC 60255-149).
 * See ../../../../shared/notes/simulator.md for the table the tests check row by row.
 */

export type TripCurve = 'B' | 'C' | 'D';
export const TRIP_CURVES: readonly TripCurve[] = ['B', 'C', 'D'];

/** Magnetic band per curve, in multiples of the rated current In. */
export const MAGNETIC_BANDS: Readonly<Record<TripCurve, { readonly low: number; readonly high: number }>> = {
  B: { low: 3, high: 5 },
  C: { low: 5, high: 10 },
  D: { low: 10, high: 20 },
};

/** Replica constants: k·In is the current the replica settles at θ = 1 (never trips below it). */
export const THERMAL_K = 1.3;
export const THERMAL_TAU_MS = 120_000;

/**
 * A device's own magnetic threshold (multiple of In), drawn inside its curve's band with a 5 % margin
 * at either end, so the lower edge never trips instantly and the upper edge always does.
 */
export function magneticThresholdMultiple(curve: TripCurve, rng: Rng): number {
  const { low, high } = MAGNETIC_BANDS[curve];
  const margin = 0.05 * (high - low);
  return rng.uniform(low + margin, high - margin);
}

/**
 * Thermal trip time (ms) at `multiple` × In, after running long enough at `priorMultiple` × In
 * (0 = from cold) for the replica to settle: t = τ·ln((I² − Ip²) / (I² − (k·In)²)). Infinity if never.
 */
export function thermalTripTimeMs(
  multiple: number,
  priorMultiple = 0,
  k = THERMAL_K,
  tauMs = THERMAL_TAU_MS,
): number {
  const replica = new ThermalReplica(k, tauMs);
  replica.theta = Math.min(1, (priorMultiple / k) ** 2);
  return replica.timeToTripMs(multiple);
}

/** The thermal state θ of one pole: dθ/dt = ((I/(k·In))² − θ)/τ; trips when θ reaches 1. */
export class ThermalReplica {
  /** 0 = cold, 1 = trip level. */
  theta = 0;
  private readonly k: number;
  private readonly tauMs: number;

  constructor(k = THERMAL_K, tauMs = THERMAL_TAU_MS) {
    this.k = k;
    this.tauMs = tauMs;
  }

  private target(multiple: number): number {
    const x = multiple / this.k;
    return x * x;
  }

  /** Exact solution for a current held constant for dtMs (no step-size error, any step length). */
  advance(multiple: number, dtMs: number): void {
    const target = this.target(multiple);
    this.theta = target + (this.theta - target) * Math.exp(-dtMs / this.tauMs);
  }

  /** How long until θ reaches 1 at this current: 0 if already there and still heating, Infinity if never. */
  timeToTripMs(multiple: number): number {
    const target = this.target(multiple);
    if (target <= 1) return Infinity;
    if (this.theta >= 1) return 0;
    return this.tauMs * Math.log((target - this.theta) / (target - 1));
  }
}
