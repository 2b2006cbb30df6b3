import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { expandGateways } from '../gateway/index.ts';
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

  it('gateways.yaml is a valid fleet spec, and docs/gateways.md shows it as it is', async () => {
    const spec = await loadFleetSpec(here('gateways.yaml'));
    const { spec: expanded } = expandGateways(spec);
    const ids = buildIdentities(expanded).map((d) => d.id);
    expect(ids).toHaveLength(10 + 100 + 9000);
    expect(ids).toContain('gw-0100');
    expect(ids).toContain('bat-09000');
    const doc = await readFile(here('../../docs/gateways.md'), 'utf8');
    const block = /```yaml\n# A site with LoRa sensors[\s\S]*?```/.exec(doc)?.[0];
    expect(block?.slice('```yaml\n'.length, -3)).toBe(await readFile(here('gateways.yaml'), 'utf8'));
  });
});
