import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FleetClock } from './clock.ts';

describe('the fleet clock as a twin Clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const realNow = () => Date.now();

  it('sleeps virtual time: ms / speed of real time', async () => {
    const clock = new FleetClock({ speed: 10 }, 1_000_000, realNow);
    let woke = false;
    const slept = clock.sleep(60_000).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(5_999);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await slept;
    expect(woke).toBe(true);
    expect(clock.now()).toBeGreaterThanOrEqual(1_060_000);
  });

  it('holds virtual time at the start until released, then runs from there', async () => {
    const clock = new FleetClock({ speed: 60 }, 1_000_000, realNow);
    clock.hold();
    let woke = false;
    const slept = clock.sleep(60_000).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(5_000); // a slow ramp: real time passes, virtual time does not
    expect(clock.now()).toBe(1_000_000);
    expect(clock.realDelayUntil(1_000_001)).toBe(Infinity);
    expect(woke).toBe(false);
    clock.release();
    expect(clock.now()).toBe(1_000_000);
    await vi.advanceTimersByTimeAsync(999);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await slept;
    expect(clock.now()).toBe(1_060_000);
  });

  it('wakes a sleeper when advance jumps past its time, even while paused', async () => {
    const clock = new FleetClock({ speed: 0 }, 0, realNow);
    let woke = false;
    const slept = clock.sleep(1_000).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(woke).toBe(false);
    clock.advance(999);
    await Promise.resolve();
    expect(woke).toBe(false);
    clock.advance(1);
    await slept;
    expect(woke).toBe(true);
  });

  it('rejects with the reason when aborted, before or during the sleep', async () => {
    const clock = new FleetClock({ speed: 0 }, 0, realNow);
    const before = new AbortController();
    before.abort(new Error('stop'));
    await expect(clock.sleep(10, before.signal)).rejects.toThrow('stop');
    const during = new AbortController();
    const slept = clock.sleep(10, during.signal);
    during.abort(new Error('later'));
    await expect(slept).rejects.toThrow('later');
  });

  it('returns at once for a zero sleep', async () => {
    await new FleetClock('real', 0, realNow).sleep(0);
  });
});
