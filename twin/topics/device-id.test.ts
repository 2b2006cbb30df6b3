import { describe, expect, it } from 'vitest';
import { formatMac, isMac, isValidDeviceId, normalizeDeviceId, normalizeMac } from './device-id.ts';

describe('device ids', () => {
  const valid = ['breaker-01', 'env_sensor.kitchen', 'aa:bb:cc:dd:ee:ff', 'A', 'x'.repeat(128)];
  const invalid = ['', 'has space', 'a/b', 'plus+', 'hash#', 'x'.repeat(129), 'émile'];
  it.each(valid)('accepts %s', (id) => expect(isValidDeviceId(id)).toBe(true));
  it.each(invalid)('rejects %j', (id) => expect(isValidDeviceId(id)).toBe(false));
  it('rejects values that are not strings', () => expect(isValidDeviceId(42)).toBe(false));
});

describe('MAC normalisation', () => {
  const macs = [
    ['AA:BB:CC:DD:EE:FF', 'aa:bb:cc:dd:ee:ff'],
    ['aa-bb-cc-dd-ee-0f', 'aa:bb:cc:dd:ee:0f'],
    ['AABBCCDDEEFF', 'aa:bb:cc:dd:ee:ff'],
    ['aabb.ccdd.eeff', 'aa:bb:cc:dd:ee:ff'],
  ];
  it.each(macs)('normalises %s to %s', (raw, normal) => {
    expect(normalizeMac(raw)).toBe(normal);
    expect(isMac(raw)).toBe(true);
  });

  const notMacs = ['aa:bb:cc:dd:ee', 'aa:bb-cc:dd:ee:ff', 'gg:bb:cc:dd:ee:ff', 'aabbccddeeff00', 'sensor-1'];
  it.each(notMacs)('does not take %s for a MAC', (raw) => expect(normalizeMac(raw)).toBeUndefined());

  it('normalises MAC-shaped device ids and leaves other ids alone', () => {
    expect(normalizeDeviceId('AA-BB-CC-DD-EE-FF')).toBe('aa:bb:cc:dd:ee:ff');
    expect(normalizeDeviceId('AABBCCDDEEFF')).toBe('AABBCCDDEEFF'); // could be a serial number
    expect(normalizeDeviceId('breaker-01')).toBe('breaker-01');
    expect(normalizeDeviceId('bad id')).toBeUndefined();
  });

  it('writes a MAC in the requested format', () => {
    expect(formatMac('aa:bb:cc:dd:ee:ff', { separator: '', case: 'upper' })).toBe('AABBCCDDEEFF');
    expect(formatMac('AABBCCDDEEFF', { separator: '-', case: 'lower' })).toBe('aa-bb-cc-dd-ee-ff');
    expect(formatMac('nope', { separator: ':', case: 'lower' })).toBeUndefined();
  });
});
