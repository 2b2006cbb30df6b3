import { describe, expect, it } from 'vitest';
import { derive, hashSeed, PoissonArrivals, Rng } from './random.ts';

function draws(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.next());
}

describe('Rng', () => {
  it('repeats a sequence for the same seed and differs for another', () => {
    expect(draws(new Rng(42), 100)).toEqual(draws(new Rng(42), 100));
    expect(draws(new Rng('dev-1'), 100)).toEqual(draws(new Rng('dev-1'), 100));
    expect(draws(new Rng(42), 100)).not.toEqual(draws(new Rng(43), 100));
  });

  it('stays in [0, 1) with a uniform mean and variance', () => {
    const xs = draws(new Rng(7), 100_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 3);
  });

  it('draws normals with the asked mean and deviation', () => {
    const rng = new Rng(3);
    const xs = Array.from({ length: 100_000 }, () => rng.normal(10, 2));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);
  });

  it('draws exponential gaps with the asked mean, and never for an infinite one', () => {
    const rng = new Rng(5);
    const xs = Array.from({ length: 100_000 }, () => rng.exponential(250));
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeGreaterThan(245);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeLessThan(255);
    expect(rng.exponential(Infinity)).toBe(Infinity);
  });

  it('forks sub-streams from the seed, not from how far the parent has drawn', () => {
    const a = new Rng(9);
    const b = new Rng(9);
    draws(b, 10);
    expect(draws(a.fork(3), 10)).toEqual(draws(b.fork(3), 10));
    expect(draws(a.fork(3), 10)).not.toEqual(draws(a.fork(4), 10));
  });
});

describe('derive', () => {
  it('gives each device of a fleet its own, stable seed', () => {
    const seeds = new Set(Array.from({ length: 10_000 }, (_, i) => derive(1, i)));
    expect(seeds.size).toBe(10_000);
    expect(derive('fleet-a', 5)).toBe(derive('fleet-a', 5));
    expect(derive('fleet-a', 5)).not.toBe(derive('fleet-b', 5));
  });

  it('gives uncorrelated first draws for neighbouring devices', () => {
    const first = Array.from({ length: 2000 }, (_, i) => new Rng(derive(1, i)).next());
    let sxy = 0;
    for (let i = 1; i < first.length; i++) sxy += ((first[i] ?? 0) - 0.5) * ((first[i - 1] ?? 0) - 0.5);
    expect(Math.abs(sxy / (first.length - 1) / (1 / 12))).toBeLessThan(0.1);
  });

  it('hashes numbers beyond 32 bits without collisions', () => {
    expect(hashSeed(2 ** 32 + 1)).not.toBe(hashSeed(1));
  });
});

describe('PoissonArrivals', () => {
  it('arrives at the configured rate on whole milliseconds', () => {
    const arrivals = new PoissonArrivals(new Rng(1), 60, 0); // one a minute
    let n = 0;
    while (arrivals.nextMs < 1000 * 60_000) {
      expect(Number.isInteger(arrivals.shift())).toBe(true);
      n++;
    }
    expect(Math.abs(n - 1000)).toBeLessThan(4 * Math.sqrt(1000));
  });

  it('never arrives at rate zero', () => {
    expect(new PoissonArrivals(new Rng(1), 0, 0).nextMs).toBe(Infinity);
  });
});
