import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildContract } from '../../twin/index.ts';

const root = fileURLToPath(new URL('../../twin/json/', import.meta.url));

describe('twin/json', () => {
  it('is what npm run contract writes from twin/ today', async () => {
    const built = buildContract();
    const onDisk = (await readdir(root, { withFileTypes: true, recursive: true }))
      .filter((e) => e.isFile())
      .map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'));
    const stale: string[] = [];
    for (const [path, content] of built) {
      const text = await readFile(join(root, path), 'utf8').catch(() => undefined);
      if (text !== content) stale.push(text === undefined ? `${path} (missing)` : `${path} (differs)`);
    }
    for (const path of onDisk) if (!built.has(path)) stale.push(`${path} (no longer generated)`);
    if (stale.length > 0) {
      expect.fail(`twin/json is stale: run npm run contract\n  ${stale.slice(0, 20).join('\n  ')}`);
    }
    expect(built.size).toBeGreaterThan(50);
  });
});
