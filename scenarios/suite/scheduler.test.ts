import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../engine/clock.ts';
import { schedule } from './scheduler.ts';

describe('schedule', () => {
  it('runs at most N at once and an exclusive item alone', async () => {
    const clock = new VirtualClock(0);
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const items = [
      { name: 'a', exclusive: false, ms: 300 },
      { name: 'b', exclusive: false, ms: 100 },
      { name: 'c', exclusive: false, ms: 100 },
      { name: 'X', exclusive: true, ms: 50 },
      { name: 'd', exclusive: false, ms: 10 },
    ];
    await schedule(items, 2, async (item) => {
      running++;
      most = Math.max(most, running);
      log.push(`${item.name}+${clock.now()}`);
      if (item.exclusive) expect(running).toBe(1);
      await clock.sleep(item.ms);
      running--;
    });
    expect(most).toBe(2);
    expect(log).toEqual(['a+0', 'b+0', 'c+100', 'X+300', 'd+350']);
  });
});
