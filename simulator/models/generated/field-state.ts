/**
 * One generated field's behaviour on virtual time: the generators of a device-type file
 * (twin's `FieldGenerator`) made into values. Stateful ones (walk, noise) move in `step`, called as
 * time advances; `value` is a pure read, as models require.
 */
import type { FieldGenerator, FieldValue } from '../../../twin/index.ts';
import type { Rng } from '../random.ts';

/** A walk jumped over more steps than this takes this many, each scaled up: a week's backfill stays cheap. */
const MAX_WALK_STEPS = 1000;

export interface FieldClock {
  /** Virtual now, ms epoch. */
  now: number;
  /** When the model started, ms epoch (counters and cycles count from here). */
  startMs: number;
  /** When the device last booted (counters restart). */
  bootMs: number;
}

export abstract class FieldState {
  /** Moves internal state from `fromMs` to `toMs`. */
  step(_fromMs: number, _toMs: number, _rng: Rng): void {}
  /** The value now (derived fields are computed by the model, not here). */
  abstract value(clock: FieldClock): FieldValue | undefined;
}

class Constant extends FieldState {
  private readonly v: FieldValue;
  constructor(v: FieldValue) {
    super();
    this.v = v;
  }
  value(): FieldValue {
    return this.v;
  }
}

class Walk extends FieldState {
  private readonly g: Extract<FieldGenerator, { kind: 'walk' }>;
  private v: number;
  private lastMs: number;
  constructor(g: Extract<FieldGenerator, { kind: 'walk' }>, startMs: number) {
    super();
    this.g = g;
    this.v = g.start;
    this.lastMs = startMs;
  }
  override step(_fromMs: number, toMs: number, rng: Rng): void {
    const n = Math.floor((toMs - this.lastMs) / this.g.everyMs);
    if (n <= 0) return;
    this.lastMs += n * this.g.everyMs;
    const steps = Math.min(n, MAX_WALK_STEPS);
    // Fewer, larger steps over a long jump: the spread of n uniform steps grows as sqrt(n).
    const size = this.g.step * Math.sqrt(n / steps);
    const { min, max } = this.g;
    for (let i = 0; i < steps; i++) {
      let v = this.v + rng.uniform(-size, size);
      // Reflect at the bounds (twice covers a step larger than the range).
      if (v > max) v = max - (v - max);
      if (v < min) v = min + (min - v);
      this.v = v < min ? min : v > max ? max : v;
    }
  }
  value(): number {
    return this.v;
  }
}

class Sine extends FieldState {
  private noise = 0;
  private readonly g: Extract<FieldGenerator, { kind: 'sine' }>;
  constructor(g: Extract<FieldGenerator, { kind: 'sine' }>) {
    super();
    this.g = g;
  }
  override step(_fromMs: number, _toMs: number, rng: Rng): void {
    if (this.g.noise > 0) this.noise = rng.normal(0, this.g.noise);
  }
  value(c: FieldClock): number {
    const { mean, amplitude, periodMs, peakMs } = this.g;
    const phase = (((c.now - peakMs) % periodMs) + periodMs) % periodMs;
    return mean + amplitude * Math.cos((2 * Math.PI * phase) / periodMs) + this.noise;
  }
}

class Steps extends FieldState {
  private readonly g: Extract<FieldGenerator, { kind: 'steps' }>;
  constructor(g: Extract<FieldGenerator, { kind: 'steps' }>) {
    super();
    this.g = g;
  }
  value(c: FieldClock): FieldValue {
    const values = this.g.values;
    const period = this.g.periodMs;
    const at = period === undefined ? c.now - c.startMs : ((c.now % period) + period) % period;
    let current: FieldValue | undefined;
    for (const s of values) if (s.atMs <= at) current = s.value;
    // Before the first step of a period, the last step of the previous one still holds.
    return current ?? (period === undefined ? values[0]!.value : values[values.length - 1]!.value);
  }
}

class Counter extends FieldState {
  private readonly g: Extract<FieldGenerator, { kind: 'counter' }>;
  constructor(g: Extract<FieldGenerator, { kind: 'counter' }>) {
    super();
    this.g = g;
  }
  value(c: FieldClock): number {
    return this.g.start + this.g.step * Math.floor(Math.max(0, c.now - c.bootMs) / this.g.everyMs);
  }
}

class Cycle extends FieldState {
  private readonly g: Extract<FieldGenerator, { kind: 'cycle' }>;
  constructor(g: Extract<FieldGenerator, { kind: 'cycle' }>) {
    super();
    this.g = g;
  }
  value(c: FieldClock): FieldValue {
    const i = Math.floor(Math.max(0, c.now - c.startMs) / this.g.everyMs) % this.g.values.length;
    return this.g.values[i]!;
  }
}

/** The state of a non-derived generator. */
export function fieldState(g: Exclude<FieldGenerator, { kind: 'derive' }>, startMs: number): FieldState {
  switch (g.kind) {
    case 'constant':
      return new Constant(g.value);
    case 'walk':
      return new Walk(g, startMs);
    case 'sine':
      return new Sine(g);
    case 'steps':
      return new Steps(g);
    case 'counter':
      return new Counter(g);
    case 'cycle':
      return new Cycle(g);
  }
}
