import { describe, expect, it } from 'vitest';
import { toLine } from './line-protocol.ts';

describe('line protocol', () => {
  it.each([
    [{ measurement: 'm', fields: { v: 1 } }, 'm v=1.0'],
    [
      { measurement: 'm', fields: { v: 1.5, ok: true, n: { int: 3 } }, timeMs: 1000 },
      'm v=1.5,ok=true,n=3i 1000',
    ],
    [
      { measurement: 'my m,x', tags: { 'a b': 'c=d', z: undefined }, fields: { s: 'say "hi" \\ there' } },
      'my\\ m\\,x,a\\ b=c\\=d s="say \\"hi\\" \\\\ there"',
    ],
    [{ measurement: 'm', tags: { b: '2', a: '1' }, fields: { v: 0, skip: undefined } }, 'm,a=1,b=2 v=0.0'],
    [{ measurement: 'm', fields: { big: 1e21, small: 1e-7 } }, 'm big=1e+21,small=1e-7'],
  ])('encodes %j', (point, line) => {
    expect(toLine(point)).toBe(line);
  });

  it('refuses a point without fields and non-finite numbers', () => {
    expect(() => toLine({ measurement: 'm', fields: { v: undefined } })).toThrow(/no field/);
    expect(() => toLine({ measurement: 'm', fields: { v: Number.NaN } })).toThrow(/finite/);
  });
});
