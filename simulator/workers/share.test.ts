import { describe, expect, it } from 'vitest';
import { SimulatorError } from '../errors.ts';
import { checkShare, isLoopbackHost, loopbackSource, shareSize, subShare, takeShare } from './share.ts';

const fleet = Array.from({ length: 10 }, (_, i) => i);

describe('a fleet split over workers', () => {
  it('gives every device to exactly one worker, in fleet order', () => {
    const parts = [0, 1, 2].map((index) => takeShare(fleet, { index, count: 3 }));
    expect(parts).toEqual([
      [0, 3, 6, 9],
      [1, 4, 7],
      [2, 5, 8],
    ]);
    expect(parts.flat().sort((a, b) => a - b)).toEqual(fleet);
    expect(parts.map((p, index) => shareSize(fleet.length, { index, count: 3 }) - p.length)).toEqual([
      0, 0, 0,
    ]);
  });

  it('interleaves groups so each worker gets its part of every type', () => {
    const types = [...Array(6).fill('breaker'), ...Array(6).fill('camera')] as string[];
    for (const index of [0, 1]) {
      const mine = takeShare(types, { index, count: 2 });
      expect(mine.filter((t) => t === 'camera')).toHaveLength(3);
    }
  });

  it('one worker holds the whole fleet; more workers than devices leave some empty', () => {
    expect(takeShare(fleet, undefined)).toEqual(fleet);
    expect(takeShare(fleet, { index: 0, count: 1 })).toEqual(fleet);
    expect(takeShare([1, 2], { index: 2, count: 3 })).toEqual([]);
    expect(shareSize(2, { index: 2, count: 3 })).toBe(0);
  });

  it('a machine share split over local processes is the same as a share of the whole fleet', () => {
    const big = Array.from({ length: 97 }, (_, i) => i);
    for (let machine = 0; machine < 3; machine++) {
      const onMachine = takeShare(big, { index: machine, count: 3 });
      for (let p = 0; p < 4; p++) {
        expect(takeShare(onMachine, { index: p, count: 4 })).toEqual(
          takeShare(big, subShare({ index: machine, count: 3 }, p, 4)),
        );
      }
    }
  });

  it.each([
    [{ index: 0, count: 0 }, /worker count 0 is not a whole number >= 1/],
    [{ index: 2, count: 2 }, /worker index 2 is not one of 0…1/],
    [{ index: -1, count: 2 }, /worker index -1/],
    [{ index: 0.5, count: 2 }, /worker index 0.5/],
  ])('refuses %o with what to give', (share, message) => {
    expect(() => checkShare(share)).toThrow(SimulatorError);
    expect(() => checkShare(share)).toThrow(message);
  });
});

describe('source addresses', () => {
  it('gives each local worker its own loopback address from 127.0.0.2', () => {
    expect([0, 1, 2].map(loopbackSource)).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4']);
    expect(loopbackSource(254)).toBe('127.0.1.0');
  });

  it('binds them only towards a broker on loopback', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('10.0.0.5')).toBe(false);
    expect(isLoopbackHost('broker.example')).toBe(false);
  });
});
