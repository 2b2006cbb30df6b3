import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildIdentities, loadFleetSpec } from '../index.ts';

const here = (name: string) => new URL(name, import.meta.url).pathname;

describe('examples', () => {
  it('plant.yaml is a valid fleet spec', async () => {
    const spec = await loadFleetSpec(here('plant.yaml'));
    const ids = buildIdentities(spec).map((d) => d.id);
    expect(ids).toHaveLength(120);
    expect(ids).toContain('brk-0048'); // the hvac group counts on after lighting: same default pattern
    expect(ids).toContain('door-cam-12');
  });

  it('docs/simulator.md shows plant.yaml as it is', async () => {
    const doc = await readFile(here('../../docs/simulator.md'), 'utf8');
    const file = await readFile(here('plant.yaml'), 'utf8');
    const block = /```yaml\n# A small plant[\s\S]*?```/.exec(doc)?.[0];
    expect(block?.slice('```yaml\n'.length, -3)).toBe(file);
  });
});
