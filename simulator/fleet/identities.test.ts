import { describe, expect, it } from 'vitest';
import { isMac } from '../../twin/index.ts';
import { buildIdentities } from './identities.ts';
import type { FleetSpec } from './spec.ts';

const spec: FleetSpec = {
  seed: 42,
  site: 'plant-7',
  groups: [
    { type: 'smart_breaker', count: 30, options: { ratedCurrentA: 32, curve: 'B' }, tags: { panel: 'main' } },
    { type: 'env_sensor', count: 40 },
    { type: 'camera', count: 10, name: 'entrances', idPattern: 'door-cam-{n}' },
    { type: 'smart_breaker', count: 5 },
  ],
};

describe('identities', () => {
  it('are the same for the same seed and spec', () => {
    expect(buildIdentities(spec)).toEqual(buildIdentities(spec));
  });

  it('differ with another seed, keep the ids', () => {
    const a = buildIdentities(spec);
    const b = buildIdentities({ ...spec, seed: 43 });
    expect(b.map((d) => d.id)).toEqual(a.map((d) => d.id));
    expect(b.map((d) => d.mac)).not.toEqual(a.map((d) => d.mac));
  });

  it('keep a device the same when later groups change', () => {
    const a = buildIdentities(spec);
    const b = buildIdentities({
      ...spec,
      groups: [...spec.groups.slice(0, 2), { type: 'camera', count: 1 }],
    });
    expect(b.slice(0, 30).map((d) => [d.id, d.mac, d.serial])).toEqual(
      a.slice(0, 30).map((d) => [d.id, d.mac, d.serial]),
    );
  });

  it('number ids per pattern across groups and give unique MACs and serials', () => {
    const ids = buildIdentities(spec);
    expect(ids.map((d) => d.id).slice(0, 2)).toEqual(['brk-0001', 'brk-0002']);
    expect(ids[70]?.id).toBe('door-cam-1');
    expect(ids[80]?.id).toBe('brk-0031');
    expect(new Set(ids.map((d) => d.id)).size).toBe(ids.length);
    expect(new Set(ids.map((d) => d.mac)).size).toBe(ids.length);
    expect(new Set(ids.map((d) => d.serial)).size).toBe(ids.length);
    for (const d of ids) {
      expect(isMac(d.mac)).toBe(true);
      expect(d.serial).toMatch(/^(SB|ES|IC)\d{2}-\d{7}$/);
      expect(d.fwVersion).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('put devices somewhere plausible on the site', () => {
    const ids = buildIdentities(spec);
    for (const d of ids) {
      expect(d.location.site).toBe('plant-7');
      expect(d.location.z).toBeGreaterThanOrEqual(0);
      expect(d.location.x).toBeGreaterThanOrEqual(0);
      if (d.type === 'smart_breaker') expect(d.location.room).toMatch(/^Electrical/);
      else expect(d.location.room).not.toMatch(/^Electrical/);
    }
    expect(ids[0]?.model).toBe('TB-SB3-32B');
    expect(ids[0]?.tags).toEqual({ group: 'smart_breaker', panel: 'main' });
    expect(ids[70]?.tags).toEqual({ group: 'entrances' });
    expect(ids[0]?.name).toMatch(/^Breaker G-001 /);
  });

  it('use MAC addresses as ids on the devices-mac profile', () => {
    const ids = buildIdentities({ profile: 'devices-mac', groups: [{ type: 'env_sensor', count: 3 }] });
    for (const d of ids) expect(d.id).toBe(d.mac);
  });
});
