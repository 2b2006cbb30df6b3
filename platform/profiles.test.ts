import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProfiles } from './profiles.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tb-profiles-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('configured topic profiles', () => {
  it('takes built-in names, profile files and profile objects', () => {
    const file = path.join(import.meta.dirname, '../docs/examples/byo-firmware/acme-profile.yaml');
    const [node, acme, obj] = compileProfiles([
      'iot-node',
      file,
      { name: 'o', telemetry: 'o/{id}/t', command: 'o/{id}/c' },
    ]);
    expect(node?.mapping).toBeDefined();
    expect(acme?.name).toBe('acme');
    expect(acme?.liveness).toEqual({ offlineAfterMs: 15_000, checkEveryMs: 5_000 });
    expect(obj?.mapping).toBeUndefined();
  });

  it('says where a profile file is wrong, or that it is missing, or that a name is unknown', async () => {
    const bad = path.join(dir, 'bad.yaml');
    await writeFile(
      bad,
      'name: bad\ntelemetry: bad/{id}/up\ncommand: bad/{id}/down\nmapping: { strict: 3 }\n',
    );
    expect(() => compileProfiles([bad])).toThrow(`${bad}:4:20: mapping.strict:`);
    expect(() => compileProfiles([path.join(dir, 'none.json')])).toThrow(/cannot be read/);
    expect(() => compileProfiles(['acme'])).toThrow(/Unknown topic profile 'acme'/);
  });
});
