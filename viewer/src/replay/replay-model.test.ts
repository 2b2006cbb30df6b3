import { describe, expect, it } from 'vitest';
import type { FleetHistory } from '../api/wire.ts';
import { bucketFor, lastAtOrBefore, ReplayModel } from './replay-model.ts';

const history: FleetHistory = {
  from: 0,
  to: 100_000,
  every: 10_000,
  devices: [
    {
      id: 'b',
      type: 'smart_breaker',
      series: {
        breaker_state: [
          [0, 'closed'],
          [10_000, 'tripped'],
          [20_000, null],
          [30_000, 'open'],
        ],
      },
      online: [
        [0, true],
        [25_000, false],
      ],
    },
  ],
  events: [{ t: 12_000, deviceId: 'b', type: 'trip' }],
};

describe('ReplayModel', () => {
  it('shows a bucket only from its end, so nothing after the instant leaks in', () => {
    const m = new ReplayModel(history);
    expect(m.stateAt('b', 15_000).fields.breaker_state).toBe('closed'); // the 10 s bucket ends at 20 s
    expect(m.stateAt('b', 20_000).fields.breaker_state).toBe('tripped');
    expect(m.stateAt('b', 35_000).fields.breaker_state).toBe('tripped'); // empty bucket: the value holds
    expect(m.stateAt('b', 40_000).fields.breaker_state).toBe('open');
  });

  it('replays liveness and events up to the instant', () => {
    const m = new ReplayModel(history);
    expect(m.stateAt('b', 20_000)).toMatchObject({ online: true, lastEvent: { trip: 12_000 } });
    expect(m.stateAt('b', 26_000).online).toBe(false);
    expect(m.stateAt('b', 5_000).lastEvent).toEqual({});
  });

  it('prefers an exact snapshot over older buckets', () => {
    const m = new ReplayModel(history);
    m.setSnapshot({
      at: 15_000,
      devices: [
        { id: 'b', type: 'smart_breaker', online: true, ts: 14_000, fields: { breaker_state: 'tripped' } },
      ],
    });
    expect(m.stateAt('b', 15_000).fields.breaker_state).toBe('tripped');
    expect(m.stateAt('b', 10_000).fields.breaker_state).toBe('closed'); // the snapshot is from later
  });

  it('finds the last element at or before a time', () => {
    expect([-1, 0, 5, 10, 11].map((t) => lastAtOrBefore([0, 5, 10], t))).toEqual([-1, 0, 1, 2, 2]);
  });

  it('picks buckets that keep a window under 300 points', () => {
    expect(bucketFor(3_600_000)).toBe('30s');
    expect(bucketFor(86_400_000)).toBe('5m');
    expect(bucketFor(3 * 86_400_000)).toBe('15m');
  });
});
