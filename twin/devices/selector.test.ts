import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { DeviceSelectorSchema, matchesSelector, matchesTag } from './selector.ts';

const brk = { id: 'brk-1', type: 'smart_breaker', tags: { floor: '2', mac: 'aa:bb:cc:dd:ee:ff' } };

describe('device selectors', () => {
  it('match on ids, type and tag, all of them', () => {
    expect(matchesSelector(brk, {})).toBe(true);
    expect(matchesSelector(brk, { ids: [] })).toBe(true);
    expect(matchesSelector(brk, { ids: ['brk-1'], type: 'smart_breaker', tag: 'floor:2' })).toBe(true);
    expect(matchesSelector(brk, { ids: ['brk-2'] })).toBe(false);
    expect(matchesSelector(brk, { type: 'camera' })).toBe(false);
    expect(matchesSelector(brk, { tag: 'floor:3' })).toBe(false);
  });

  it('split a tag at the first colon, and a bare key asks for presence', () => {
    expect(matchesTag(brk.tags, 'mac:aa:bb:cc:dd:ee:ff')).toBe(true);
    expect(matchesTag(brk.tags, 'floor')).toBe(true);
    expect(matchesTag(brk.tags, 'room')).toBe(false);
    expect(matchesTag({}, 'toString')).toBe(false);
  });

  it('have a closed schema with the device types', () => {
    const check = Compile(DeviceSelectorSchema);
    expect(check.Check({ type: 'env_sensor', fraction: 0.5 })).toBe(true);
    // Types loaded from device-type files are known only at run time: the schema checks the name's shape.
    expect(check.Check({ type: 'Toaster!' })).toBe(false);
    expect(check.Check({ fleet: 'a' })).toBe(false);
  });
});
