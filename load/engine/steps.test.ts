import { describe, expect, it } from 'vitest';
import { twinMatches } from './steps.ts';

describe('expectTwin matching', () => {
  it('compares templated values as text (artillery renders {{ lastSeq }} to a string)', () => {
    expect(twinMatches(12, { equals: '12' })).toBe(true);
    expect(twinMatches(11, { equals: '12' })).toBe(false);
    expect(twinMatches('closed', { equals: 'closed' })).toBe(true);
  });

  it('compares objects whole', () => {
    expect(twinMatches({ a: 1 }, { equals: { a: 1 } })).toBe(true);
    expect(twinMatches({ a: 1, b: 2 }, { equals: { a: 1 } })).toBe(false);
  });

  it('knows atLeast and existence', () => {
    expect(twinMatches(5, { atLeast: 5 })).toBe(true);
    expect(twinMatches(4, { atLeast: '5' })).toBe(false);
    expect(twinMatches('5', { atLeast: 5 })).toBe(false);
    expect(twinMatches(0, {})).toBe(true);
    expect(twinMatches(undefined, {})).toBe(false);
    expect(twinMatches(null, {})).toBe(false);
  });
});
