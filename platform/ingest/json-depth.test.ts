import { describe, expect, it } from 'vitest';
import { jsonDepth } from './json-depth.ts';

const depthOf = (text: string, limit?: number) => jsonDepth(Buffer.from(text), limit);

describe('jsonDepth: nesting measured without recursion', () => {
  it.each([
    ['1', 0],
    ['"a"', 0],
    ['{}', 1],
    ['{"a":[1,{"b":2}]}', 3],
    ['[[],[[]],[]]', 3],
    ['{"s":"[[[{{{"}', 1],
    ['{"s":"a\\"[[[\\\\"}', 1],
    ['{"s":"\\\\","t":[[1]]}', 3],
  ])('%s is %i deep', (text, depth) => {
    expect(depthOf(text)).toBe(depth);
  });

  it('measures a million levels in one pass (no stack overflow) and stops early past a limit', () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    expect(depthOf(deep)).toBe(1_000_000);
    expect(depthOf(deep, 32)).toBe(33);
    const objects = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    expect(depthOf(objects)).toBe(100_000);
  });

  it('counts multi-byte UTF-8 text in strings as text', () => {
    expect(depthOf('{"😀[":["ü{"]}')).toBe(2);
  });
});
