/**
 * Seeded randomness for the device models.
 *
 * Hand-written rather than taken from a library: every simulated device needs its own tiny, fast stream,
 * split deterministically from one fleet seed (`derive`), and a 7-day backfill draws from it millions of
 * times. sfc32 (Small Fast Counting, 128-bit state, passes PractRand) costs a few integer operations per
 * draw. faker's seeding is meant for reproducible identities, not for physics streams.
 */

/** A fleet or device seed: a number (used as a 32-bit integer) or any string (hashed). */
export type Seed = number | string;

/** murmur3's 32-bit finalizer: spreads every input bit over the output. */
function fmix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A seed as an unsigned 32-bit integer (FNV-1a for strings, so 'dev-1' and 'dev-2' differ widely). */
export function hashSeed(seed: Seed): number {
  if (typeof seed === 'number') {
    // Fold the high part in too, so seeds above 2^32 (e.g. timestamps) do not collide.
    return fmix32((seed >>> 0) ^ Math.floor(Math.abs(seed) / 4294967296));
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/**
 * The seed of an independent stream `index` under `seed`, e.g. device 17 of a fleet, or the "motion"
 * stream of one device. Two different indexes give unrelated streams; the same pair always the same one.
 */
export function derive(seed: Seed, index: number): number {
  return fmix32(hashSeed(seed) ^ fmix32(Math.imul((index | 0) + 1, 0x9e3779b9)));
}

/** sfc32 generator with the distributions the models need. */
export class Rng {
  readonly seed: number;
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  constructor(seed: Seed) {
    this.seed = hashSeed(seed);
    // splitmix32 fills the state, then a few rounds decorrelate nearby seeds.
    let s = this.seed;
    const split = (): number => {
      s = (s + 0x9e3779b9) | 0;
      return fmix32(s);
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, maxExclusive). */
  int(min: number, maxExclusive: number): number {
    return min + Math.floor((maxExclusive - min) * this.next());
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(items.length * this.next())];
    if (item === undefined) throw new RangeError('Rng.pick: empty list');
    return item;
  }

  /** Gaussian (Marsaglia's polar method: no trigonometry; the pair's second value serves the next call). */
  normal(mean = 0, sd = 1): number {
    const spare = this.spareNormal;
    if (spare !== undefined) {
      this.spareNormal = undefined;
      return mean + sd * spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + sd * u * f;
  }

  /** Exponential with the given mean: the waiting time between Poisson arrivals. Infinite mean → never. */
  exponential(mean: number): number {
    if (!(mean < Infinity)) return Infinity;
    return -mean * Math.log(1 - this.next());
  }

  /** An independent sub-stream, derived from this generator's seed (not from how far it has been drawn). */
  fork(stream: number): Rng {
    return new Rng(derive(this.seed, stream));
  }
}

/**
 * Arrival times of a homogeneous Poisson process, on whole milliseconds (event timestamps are integer ms).
 * It has its own stream, so when events happen does not depend on how often the model is stepped.
 */
export class PoissonArrivals {
  /** Virtual time (ms) of the next arrival; Infinity when the rate is zero. */
  nextMs: number;
  private readonly rng: Rng;
  private meanGapMs: number;

  /** @param ratePerHour mean arrivals per hour (0 = none). */
  constructor(rng: Rng, ratePerHour: number, startMs: number) {
    this.rng = rng;
    this.meanGapMs = ratePerHour > 0 ? 3_600_000 / ratePerHour : Infinity;
    this.nextMs = startMs + this.gap();
  }

  private gap(): number {
    return Math.max(1, Math.round(this.rng.exponential(this.meanGapMs)));
  }

  /** Consumes the pending arrival and returns its time. */
  shift(): number {
    const at = this.nextMs;
    this.nextMs = at + this.gap();
    return at;
  }

  /** Changes the rate from `fromMs` on (memorylessness makes redrawing the next gap exact). */
  setRate(ratePerHour: number, fromMs: number): void {
    this.meanGapMs = ratePerHour > 0 ? 3_600_000 / ratePerHour : Infinity;
    this.nextMs = fromMs + this.gap();
  }
}
