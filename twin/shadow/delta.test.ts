import { describe, expect, it } from 'vitest';
import { computeDelta } from './delta.ts';
import type { JsonObject } from './json.ts';

describe('computeDelta', () => {
  const cases: {
    name: string;
    desired?: JsonObject;
    reported?: JsonObject;
    delta: JsonObject | undefined;
  }[] = [
    { name: 'no desired section gives no delta', reported: { a: 1 }, delta: undefined },
    {
      name: 'equal sections give no delta',
      desired: { a: 1, b: 'x' },
      reported: { a: 1, b: 'x' },
      delta: undefined,
    },
    { name: 'a desired leaf missing from reported is in the delta', desired: { a: 1 }, delta: { a: 1 } },
    {
      name: 'leaves only in reported are not in the delta',
      desired: { a: 1 },
      reported: { a: 1, extra: true },
      delta: undefined,
    },
    {
      name: 'AWS example: color differs, state missing, engine only reported',
      desired: { color: 'RED', state: 'STOP' },
      reported: { color: 'GREEN', engine: 'ON' },
      delta: { color: 'RED', state: 'STOP' },
    },
    {
      name: 'AWS example: nested objects keep the path to the differing leaf only',
      desired: { lights: { color: { r: 255, g: 255, b: 255 } } },
      reported: { lights: { color: { r: 255, g: 0, b: 255 } } },
      delta: { lights: { color: { g: 255 } } },
    },
    {
      name: 'arrays that are equal give no delta',
      desired: { colors: ['RED', 'GREEN'] },
      reported: { colors: ['RED', 'GREEN'] },
      delta: undefined,
    },
    {
      name: 'arrays that differ are copied whole',
      desired: { colors: ['RED', 'GREEN', 'BLUE'] },
      reported: { colors: ['RED', 'GREEN'] },
      delta: { colors: ['RED', 'GREEN', 'BLUE'] },
    },
    {
      name: 'a desired object against a reported leaf is copied whole',
      desired: { mode: { level: 2 } },
      reported: { mode: 'auto' },
      delta: { mode: { level: 2 } },
    },
    {
      name: 'a desired leaf against a reported object is in the delta',
      desired: { mode: 'auto' },
      reported: { mode: { level: 2 } },
      delta: { mode: 'auto' },
    },
    {
      name: 'numbers compare by value, types matter',
      desired: { a: 1, b: '1' },
      reported: { a: 1.0, b: 1 },
      delta: { b: '1' },
    },
  ];

  it.each(cases)('$name', ({ desired, reported, delta }) => {
    expect(computeDelta(desired, reported)).toEqual(delta);
  });
});
