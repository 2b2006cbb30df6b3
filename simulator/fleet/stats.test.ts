import { describe, expect, it } from 'vitest';
import { RateMeter, formatStats, type FleetStats } from './stats.ts';

describe('stats', () => {
  it('measure the publish rate over a sliding window', () => {
    const m = new RateMeter(5000);
    expect(m.sample(0, 0)).toBe(0);
    expect(m.sample(1000, 100)).toBe(100);
    expect(m.sample(2000, 300)).toBe(150);
    m.sample(8000, 300);
    expect(m.sample(9000, 1300)).toBe(1000); // older samples left the window
  });

  it('print as one line', () => {
    const s: FleetStats = {
      devices: 10_000,
      connected: 9_998,
      disconnected: 2,
      published: 1_234_567,
      telemetry: 1_000_000,
      events: 1000,
      publishRate: 1002.4,
      commands: 3,
      deltas: 1,
      inflight: 12,
      dropped: 0,
      errors: 1,
      faultsActive: 2,
      reconnects: 3,
      virtualNowMs: Date.UTC(2025, 0, 6, 10),
      speed: 10,
      elapsedMs: 60_000,
      rssBytes: 150 * 1_048_576,
    };
    expect(formatStats(s)).toBe(
      '9,998/10,000 connected · 1,234,567 published (1,002/s) · 3 reconnects · 1 error · 2 faults · 2025-01-06 10:00:00 ×10 · 150 MB',
    );
  });
});
