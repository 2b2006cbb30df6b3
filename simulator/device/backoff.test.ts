import { describe, expect, it } from 'vitest';
import { Rng } from '../models/index.ts';
import { backoffDelayMs } from './backoff.ts';

describe('reconnect backoff', () => {
  it('doubles up to the cap, with jitter in the upper half', () => {
    const o = { initialMs: 1000, maxMs: 30_000 };
    const rng = new Rng(3);
    const ceilings = [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000];
    ceilings.forEach((ceiling, i) => {
      for (let k = 0; k < 50; k++) {
        const d = backoffDelayMs(i + 1, o, rng);
        expect(d).toBeGreaterThanOrEqual(ceiling / 2);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    });
    expect(backoffDelayMs(1000, o, rng)).toBeLessThanOrEqual(30_000);
  });

  it('spreads a storm: 1000 devices on their first retry do not come back at once', () => {
    const delays = Array.from({ length: 1000 }, (_, i) =>
      backoffDelayMs(1, { initialMs: 1000, maxMs: 30_000 }, new Rng(i)),
    );
    const buckets = new Set(delays.map((d) => Math.floor(d / 50)));
    expect(buckets.size).toBeGreaterThanOrEqual(9); // spread over the 500 ms window
  });
});
