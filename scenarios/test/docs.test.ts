// docs/scenarios.md shows real files: each block after `<!-- example: path -->` must be that file, verbatim.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const doc = readFileSync(`${ROOT}docs/scenarios.md`, 'utf8');
const examples = [...doc.matchAll(/<!-- example: (\S+) -->\n```\w+\n([\s\S]*?)```/g)];

describe('docs/scenarios.md', () => {
  it('has examples', () => expect(examples.length).toBeGreaterThanOrEqual(2));
  for (const [, path, body] of examples) {
    it(`shows ${path} as it is`, () => expect(body).toBe(readFileSync(`${ROOT}${path}`, 'utf8')));
  }
});
