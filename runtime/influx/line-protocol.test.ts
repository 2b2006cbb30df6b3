import { describe, expect, it } from 'vitest';
import { nameProblem, toLine } from './line-protocol.ts';

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

  it('keeps tabs, control characters, quotes, backslashes and emoji in string values; a line break becomes a space', () => {
    const s = 'a "q" \\ b,c=d e\nf\rg\th\u0000i\u0007 ü 😀';
    expect(toLine({ measurement: 'm', fields: { s } })).toBe(
      'm s="a \\"q\\" \\\\ b,c=d e f g\th\u0000i\u0007 ü 😀"',
    );
  });

  it.each([
    ['a backslash', 'a\\b', /tag or field key "a\\\\b" contains a backslash/],
    ['a trailing backslash', 'ab\\', /contains a backslash/],
    ['a newline', 'a\nb', /contains a line break/],
    ['a carriage return', 'a\rb', /contains a line break/],
  ])('refuses a tag value with %s instead of writing a broken line', (_, value, error) => {
    expect(nameProblem(value)).toMatch(/InfluxDB line protocol cannot carry/);
    expect(() => toLine({ measurement: 'm', tags: { t: value }, fields: { v: 1 } })).toThrow(error);
    expect(() => toLine({ measurement: 'm', fields: { [value]: 1 } })).toThrow(error);
  });

  it('writes tag values with commas, spaces, equals signs, quotes, unicode and emoji, escaped', () => {
    expect(nameProblem('a, b=c "ü😀"')).toBeUndefined();
    expect(toLine({ measurement: 'm', tags: { t: 'a, b=c "ü😀"' }, fields: { v: 1 } })).toBe(
      'm,t=a\\,\\ b\\=c\\ "ü😀" v=1.0',
    );
  });
});
