import { describe, expect, it } from 'vitest';
import type { JsonObject } from './json.ts';
import { mergeSection } from './merge.ts';
import { leafMetadata } from './metadata.ts';

const OLD = leafMetadata(100);
const NEW = leafMetadata(200);

describe('mergeSection', () => {
  const cases: { name: string; base?: JsonObject; patch: JsonObject; state: JsonObject | undefined }[] = [
    { name: 'adds keys to an empty section', patch: { a: 1 }, state: { a: 1 } },
    { name: 'updates only the keys given', base: { a: 1, b: 2 }, patch: { b: 3 }, state: { a: 1, b: 3 } },
    { name: 'null deletes a key', base: { a: 1, b: 2 }, patch: { a: null }, state: { b: 2 } },
    { name: 'null on a missing key is harmless', base: { a: 1 }, patch: { zz: null }, state: { a: 1 } },
    {
      name: 'objects merge recursively',
      base: { l: { r: 1, g: 2 } },
      patch: { l: { g: 3 } },
      state: { l: { r: 1, g: 3 } },
    },
    {
      name: 'an object emptied by nulls disappears',
      base: { l: { r: 1 }, x: 1 },
      patch: { l: { r: null } },
      state: { x: 1 },
    },
    { name: 'a section emptied by nulls is dropped', base: { a: 1 }, patch: { a: null }, state: undefined },
    {
      name: 'arrays replace the old array whole',
      base: { c: ['R', 'G', 'B'] },
      patch: { c: ['R'] },
      state: { c: ['R'] },
    },
    {
      name: 'an object replaces a leaf',
      base: { m: 'auto' },
      patch: { m: { level: 1 } },
      state: { m: { level: 1 } },
    },
    {
      name: 'nulls inside a new object are dropped',
      patch: { m: { a: 1, b: null } },
      state: { m: { a: 1 } },
    },
  ];

  it.each(cases)('$name', ({ base, patch, state }) => {
    const meta = base === undefined ? undefined : stamp(base, OLD);
    expect(mergeSection(base, meta, patch, NEW).state).toEqual(state);
  });

  it('stamps written leaves with the new timestamp and keeps the old stamps elsewhere', () => {
    const base = { a: 1, l: { r: 1, g: 2 } };
    const merged = mergeSection(base, stamp(base, OLD), { l: { g: 3 }, c: [1, 2] }, NEW);
    expect(merged.metadata).toEqual({
      a: { timestamp: 100 },
      l: { r: { timestamp: 100 }, g: { timestamp: 200 } },
      c: { timestamp: 200 },
    });
  });

  it('never mutates the base and shares the subtrees it does not touch', () => {
    const base = { keep: { deep: [1, 2] }, change: { x: 1 } };
    const frozen = structuredClone(base);
    const merged = mergeSection(base, stamp(base, OLD), { change: { x: 2 } }, NEW);
    expect(base).toEqual(frozen);
    expect(merged.state?.keep).toBe(base.keep);
    expect(merged.state?.change).not.toBe(base.change);
  });

  it('copies arrays from the patch so later changes to the request cannot reach the shadow', () => {
    const patch = { c: [1, 2] };
    const merged = mergeSection(undefined, undefined, patch, NEW);
    patch.c.push(3);
    expect(merged.state).toEqual({ c: [1, 2] });
  });
});

function stamp(state: JsonObject, leaf: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(state)) {
    out[key] =
      typeof value === 'object' && value !== null && !Array.isArray(value) ? stamp(value, leaf) : leaf;
  }
  return out;
}
