import { afterEach, describe, expect, it } from 'vitest';
import { FleetClock } from './clock.ts';
import { DelayLine } from './delay-line.ts';
import { MinHeap } from './min-heap.ts';
import { Scheduler } from './scheduler.ts';

describe('MinHeap', () => {
  it('pops by time, ties in insertion order', () => {
    const h = new MinHeap<string>();
    const input: [number, string][] = [
      [5, 'a'],
      [1, 'b'],
      [5, 'c'],
      [3, 'd'],
      [1, 'e'],
      [9, 'f'],
      [0, 'g'],
    ];
    for (const [at, v] of input) h.push(at, v);
    const out: string[] = [];
    for (let e = h.pop(); e; e = h.pop()) out.push(e.item);
    expect(out).toEqual(['g', 'b', 'e', 'd', 'a', 'c', 'f']);
  });

  it('sorts many random entries', () => {
    const h = new MinHeap<number>();
    const values = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 1000);
    for (const v of values) h.push(v, v);
    const out: number[] = [];
    while (h.size > 0) out.push(h.pop()?.at ?? -1);
    expect(out).toEqual([...values].sort((a, b) => a - b));
  });
});

describe('FleetClock', () => {
  it('runs speed × real time plus every advance', () => {
    let real = 1000;
    const clock = new FleetClock({ speed: 10 }, 1_000_000, () => real);
    expect(clock.now()).toBe(1_000_000);
    real += 500;
    expect(clock.now()).toBe(1_005_000);
    clock.advance(60_000);
    expect(clock.now()).toBe(1_065_000);
    clock.advance(-5);
    expect(clock.now()).toBe(1_065_000);
    expect(clock.realDelayUntil(1_066_000)).toBe(100);
  });

  it('stands still at speed 0 and refuses nonsense', () => {
    let real = 0;
    const clock = new FleetClock({ speed: 0 }, 5, () => real);
    real += 10_000;
    expect(clock.now()).toBe(5);
    expect(clock.realDelayUntil(6)).toBe(Infinity);
    expect(() => new FleetClock({ speed: -1 })).toThrow(/TB_ERR|speed/);
  });
});

describe('Scheduler', () => {
  let scheduler: Scheduler | undefined;
  afterEach(() => scheduler?.stop());

  it('runs due tasks in time order on virtual time (advance)', async () => {
    const clock = new FleetClock({ speed: 0 }, 0);
    scheduler = new Scheduler(clock, { batch: 3 });
    const ran: [string, number][] = [];
    const task = (name: string) => ({ run: (at: number) => ran.push([name, at]) });
    scheduler.schedule(30, task('c'));
    scheduler.schedule(10, task('a'));
    scheduler.schedule(20, task('b'));
    scheduler.schedule(20, task('b2'));
    scheduler.schedule(100, task('late'));
    scheduler.start();
    clock.advance(25);
    await scheduler.runDue();
    expect(ran).toEqual([
      ['a', 10],
      ['b', 20],
      ['b2', 20],
    ]);
    clock.advance(10);
    await scheduler.runDue();
    expect(ran.map(([n]) => n)).toEqual(['a', 'b', 'b2', 'c']);
    expect(scheduler.nextAt()).toBe(100);
  });

  it('fires on real time through the clock speed, and tasks may reschedule themselves', async () => {
    const clock = new FleetClock({ speed: 100 }, 0);
    scheduler = new Scheduler(clock);
    const times: number[] = [];
    const s = scheduler;
    const ticker = {
      run(at: number) {
        times.push(at);
        if (times.length < 5) s.schedule(at + 1000, ticker); // 1 s virtual = 10 ms real
      },
    };
    scheduler.schedule(1000, ticker);
    scheduler.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(times).toEqual([1000, 2000, 3000, 4000, 5000]);
  });

  it('keeps going when a task throws', async () => {
    const clock = new FleetClock({ speed: 0 }, 0);
    const errors: unknown[] = [];
    scheduler = new Scheduler(clock, { onError: (e) => errors.push(e) });
    const ran: number[] = [];
    scheduler.schedule(1, {
      run: () => {
        throw new Error('boom');
      },
    });
    scheduler.schedule(2, { run: (at) => ran.push(at) });
    clock.advance(5);
    await scheduler.runDue();
    expect(errors).toHaveLength(1);
    expect(ran).toEqual([2]);
  });
});

describe('DelayLine', () => {
  it('runs callbacks after their delay, in order, and drops them when closed', async () => {
    const line = new DelayLine();
    const out: string[] = [];
    line.after(30, () => out.push('c'));
    line.after(10, () => out.push('a'));
    line.after(10, () => out.push('b'));
    line.after(1000, () => out.push('never'));
    await new Promise((r) => setTimeout(r, 80));
    expect(out).toEqual(['a', 'b', 'c']);
    line.close();
    expect(line.size).toBe(0);
  });
});
