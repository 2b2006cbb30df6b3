import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles, matchesTags } from './discover.ts';

describe('finding scenarios', () => {
  it('walks directories (not fragments), takes files and globs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-discover-'));
    mkdirSync(join(dir, 'fragments'));
    mkdirSync(join(dir, 'more'));
    for (const f of ['a.yaml', 'b.yml', '_shared.yaml', 'fragments/f.yaml', 'more/c.scenario.ts', 'notes.md'])
      writeFileSync(join(dir, f), '');
    const walked = await discoverFiles([dir]);
    expect(walked.map((f) => f.slice(dir.length + 1))).toEqual(['a.yaml', 'b.yml', 'more/c.scenario.ts']);
    const globbed = await discoverFiles(['*.yaml'], dir);
    expect(globbed.map((f) => f.slice(dir.length + 1))).toEqual(['_shared.yaml', 'a.yaml']);
  });

  it('selects by tags, with ! to exclude', () => {
    expect(matchesTags(['quick', 'breaker'], ['quick'])).toBe(true);
    expect(matchesTags(['slow'], ['quick'])).toBe(false);
    expect(matchesTags(['quick', 'flaky'], ['quick', '!flaky'])).toBe(false);
    expect(matchesTags(['x'], [])).toBe(true);
    expect(matchesTags(['x'], ['!slow'])).toBe(true);
  });
});
