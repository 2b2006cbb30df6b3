import { describe, expect, it } from 'vitest';
import { BLOCK, loadDeviceId, loadIdentity } from './identities.ts';

const base = {
  seed: 1,
  site: 'load-site',
  type: 'env_sensor' as const,
  idPrefix: 'ld-t1',
  tags: { load: 'ld-t1' },
};

describe('driven device identities', () => {
  it('are the same for the same seed and index, whatever was asked before', () => {
    const a = loadIdentity({ ...base, index: 300 });
    loadIdentity({ ...base, index: 5 });
    const b = loadIdentity({ ...base, index: 300 });
    expect(b).toEqual(a);
  });

  it('differ between devices, also across identity blocks, and between seeds', () => {
    const ids = [0, 1, BLOCK - 1, BLOCK, BLOCK + 1].map((index) => loadIdentity({ ...base, index }));
    expect(new Set(ids.map((i) => i.mac)).size).toBe(ids.length);
    expect(new Set(ids.map((i) => i.serial)).size).toBe(ids.length);
    expect(loadIdentity({ ...base, seed: 2, index: 0 }).serial).not.toBe(ids[0]?.serial);
  });

  it('carry the load id, index and tags', () => {
    const d = loadIdentity({ ...base, index: 41 });
    expect(d).toMatchObject({
      id: 'ld-t1-env-00042',
      index: 41,
      type: 'env_sensor',
      tags: { load: 'ld-t1', group: 'load' },
    });
    expect(loadDeviceId('ld', 'smart_breaker', 0)).toBe('ld-brk-00001');
  });
});
