import { describe, expect, it } from 'vitest';
import { workerPlan } from './commands/simulate.ts';

describe('twinbench simulate --workers / --worker-index / --worker-count', () => {
  it('plans local workers, and a machine share when both split flags are given', () => {
    expect(workerPlan({ workers: '1' })).toEqual({ workers: 1 });
    expect(workerPlan({ workers: '4', workerIndex: '2', workerCount: '3' })).toEqual({
      workers: 4,
      machine: { index: 2, count: 3 },
    });
  });

  it.each([
    [{ workers: '0' }, /--workers '0' is not a number of processes: give 1 or more/],
    [{ workers: 'two' }, /--workers 'two' is not an integer/],
    [{ workers: '2', workerIndex: '1' }, /--worker-index and --worker-count go together/],
    [{ workers: '2', workerCount: '3' }, /--worker-index and --worker-count go together/],
    [{ workers: '1', workerIndex: '3', workerCount: '3' }, /worker index 3 is not one of 0…2/],
  ])('refuses %o saying what to give', (flags, message) => {
    expect(() => workerPlan(flags)).toThrow(message);
  });
});
