import { describe, expect, it } from 'vitest';
import { Rng } from '../models/index.ts';
import { selectDevices } from './selector.ts';

const devices = Array.from({ length: 20 }, (_, i) => ({
  id: `d-${i}`,
  type: i < 10 ? 'smart_breaker' : 'camera',
  tags: { group: i % 2 === 0 ? 'even' : 'odd', ...(i === 3 ? { vip: 'yes' } : {}) },
}));

describe('selectDevices', () => {
  it('selects everything without a selector, in fleet order', () => {
    expect(selectDevices(devices, undefined, new Rng(1))).toHaveLength(20);
  });

  it('ANDs ids, type and tags (key:value or key)', () => {
    const ids = (s: object) => selectDevices(devices, s, new Rng(1)).map((d) => d.id);
    expect(ids({ type: 'camera', tag: 'group:even' })).toEqual(['d-10', 'd-12', 'd-14', 'd-16', 'd-18']);
    expect(ids({ tag: 'vip' })).toEqual(['d-3']);
    expect(ids({ ids: ['d-5', 'd-1'], type: 'smart_breaker' })).toEqual(['d-1', 'd-5']);
    expect(ids({ ids: ['d-5'], type: 'camera' })).toEqual([]);
  });

  it('samples count or fraction with the seeded stream, deterministically', () => {
    const a = selectDevices(devices, { count: 4 }, new Rng(7)).map((d) => d.id);
    const b = selectDevices(devices, { count: 4 }, new Rng(7)).map((d) => d.id);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(4);
    expect(a).toEqual([...a].sort((x, y) => Number(x.slice(2)) - Number(y.slice(2))));
    expect(selectDevices(devices, { fraction: 0.25, type: 'camera' }, new Rng(7))).toHaveLength(3);
    expect(selectDevices(devices, { fraction: 0.01 }, new Rng(7))).toHaveLength(1);
    expect(selectDevices(devices, { count: 99 }, new Rng(7))).toHaveLength(20);
  });

  it('refuses unknown ids, bad keys and count with fraction', () => {
    expect(() => selectDevices(devices, { ids: ['d-1', 'nope'] }, new Rng(1))).toThrow(
      /TB_ERR_SIMULATOR_BAD_SELECTOR|no device nope/,
    );
    expect(() => selectDevices(devices, { typ: 'camera' } as object, new Rng(1))).toThrow(
      /unknown key 'typ'/,
    );
    expect(() => selectDevices(devices, { count: 1, fraction: 0.5 }, new Rng(1))).toThrow(/not both/);
    expect(() => selectDevices(devices, { fraction: 2 }, new Rng(1))).toThrow(/fraction/);
  });
});
