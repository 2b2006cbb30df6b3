import { loadShape } from '../day-cycle.ts';
import type { LoadProfileKind } from '../day-cycle.ts';
import { PoissonArrivals } from '../random.ts';
import type { Rng } from '../random.ts';

export interface LoadProfileOptions {
  kind: LoadProfileKind;
  /** Mean per-phase current at the profile's daily peak, A. */
  baseLoadA: number;
  /** Appliance switch-ons per hour, each a step on one phase. */
  stepsPerHour: number;
  /** Range of one step's current, A. */
  stepMinA: number;
  stepMaxA: number;
  /** Mean time an appliance stays on, ms (exponential). */
  stepMeanDurationMs: number;
  utcOffsetMinutes: number;
}

interface Step {
  phase: number;
  amps: number;
  endMs: number;
}

/** At most this many appliances at once: keeps the natural load well under the thermal trip. */
const MAX_STEPS = 6;

/**
 * The load a breaker feeds, before fast noise: a daily profile, uneven across phases, plus appliances
 * switching on and off. Switching times come from their own stream, independent of the step length.
 */
export class LoadProfile {
  private readonly options: LoadProfileOptions;
  private readonly rng: Rng;
  private readonly arrivals: PoissonArrivals;
  private readonly phaseShare: readonly number[];
  private readonly steps: Step[] = [];
  private readonly stepAmps = [0, 0, 0];

  constructor(options: LoadProfileOptions, rng: Rng, startMs: number) {
    this.options = options;
    this.rng = rng;
    this.arrivals = new PoissonArrivals(rng.fork(1), options.stepsPerHour, startMs);
    // Real installations are never balanced: each phase carries its own share of the base load.
    this.phaseShare = [rng.uniform(0.8, 1.2), rng.uniform(0.8, 1.2), rng.uniform(0.8, 1.2)];
  }

  /** Earliest time the set of running appliances changes. */
  nextChangeMs(): number {
    let next = this.arrivals.nextMs;
    for (const s of this.steps) if (s.endMs < next) next = s.endMs;
    return next;
  }

  /** Applies every switch-on and switch-off up to and including `timeMs`. */
  advanceTo(timeMs: number): void {
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const s = this.steps[i];
      if (s && s.endMs <= timeMs) {
        this.stepAmps[s.phase] = (this.stepAmps[s.phase] ?? 0) - s.amps;
        this.steps.splice(i, 1);
      }
    }
    while (this.arrivals.nextMs <= timeMs) {
      const at = this.arrivals.shift();
      const o = this.options;
      const step = {
        phase: this.rng.int(0, 3),
        amps: this.rng.uniform(o.stepMinA, o.stepMaxA),
        endMs: at + Math.max(1000, Math.round(this.rng.exponential(o.stepMeanDurationMs))),
      };
      if (this.steps.length >= MAX_STEPS || step.endMs <= timeMs) continue;
      this.steps.push(step);
      this.stepAmps[step.phase] = (this.stepAmps[step.phase] ?? 0) + step.amps;
    }
  }

  /** Mean current of phase 0..2 at `timeMs`, A (noise is added by the breaker). */
  currentA(phase: number, timeMs: number): number {
    const o = this.options;
    const profile =
      o.baseLoadA * (this.phaseShare[phase] ?? 1) * loadShape(o.kind, timeMs, o.utcOffsetMinutes);
    return profile + Math.max(0, this.stepAmps[phase] ?? 0);
  }
}
