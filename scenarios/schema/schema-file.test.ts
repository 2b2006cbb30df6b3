import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { publishedSchema, publishedSchemaText } from '../format/publish-schema.ts';
import { SCHEMA_FILES } from './generate.ts';

describe('the published JSON Schemas', () => {
  for (const [which, file] of Object.entries(SCHEMA_FILES)) {
    it(`${which}.schema.json is up to date with the TypeBox schema (regenerate: node scenarios/schema/generate.ts)`, async () => {
      expect(readFileSync(file, 'utf8')).toBe(await publishedSchemaText(which as keyof typeof SCHEMA_FILES));
    });
  }

  it('writes shared parts once and every reference resolves', () => {
    const schema = publishedSchema();
    const text = JSON.stringify(schema);
    const defs = schema.definitions as Record<string, unknown>;
    for (const [, name] of text.matchAll(/"#\/definitions\/([A-Za-z_]+)"/g))
      expect(defs).toHaveProperty(name as string);
    expect(text.length).toBeLessThan(80_000);
    expect(schema.required).toEqual(['name', 'steps']);
    expect(publishedSchema('fragment').required).toBeUndefined();
  });
});
