import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.ts';

describe('VirtualClock', () => {
  it('wakes sleepers in time order and jumps time to each wake-up', async () => {
    const clock = new VirtualClock(0);
    const woke: [string, number][] = [];
    await Promise.all([
      clock.sleep(300).then(() => woke.push(['a', clock.now()])),
      clock.sleep(100).then(async () => {
        woke.push(['b', clock.now()]);
        await clock.sleep(100);
        woke.push(['c', clock.now()]);
      }),
    ]);
    expect(woke).toEqual([
      ['b', 100],
      ['c', 200],
      ['a', 300],
    ]);
  });

  it('rejects an aborted sleep', async () => {
    const clock = new VirtualClock(0);
    const ac = new AbortController();
    const p = clock.sleep(1_000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
});
