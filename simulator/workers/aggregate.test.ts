import { describe, expect, it } from 'vitest';
import { pendingStats, sumStats } from './aggregate.ts';

describe('one set of figures for a fleet over workers', () => {
  it('adds counts, rates and memory; keeps the slowest virtual time and the first error', () => {
    const a = { ...pendingStats(50, 1000, 0), connected: 50, disconnected: 0, published: 7, rssBytes: 10 };
    const b = {
      ...pendingStats(49, 1000, 0),
      connected: 48,
      disconnected: 1,
      published: 5,
      publishRate: 2.5,
      errors: 1,
      lastError: 'es-0002: refused',
      virtualNowMs: 900,
      elapsedMs: 30,
      rssBytes: 20,
    };
    const s = sumStats([a, b]);
    expect(s).toMatchObject({
      devices: 99,
      connected: 98,
      disconnected: 1,
      published: 12,
      publishRate: 2.5,
      errors: 1,
      lastError: 'es-0002: refused',
      virtualNowMs: 900,
      elapsedMs: 30,
      rssBytes: 30,
      speed: 0,
    });
    expect(sumStats([a]).lastError).toBeUndefined();
  });

  it('refuses an empty list', () => {
    expect(() => sumStats([])).toThrow(/at least one worker/);
  });
});
