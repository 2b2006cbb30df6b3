import { readFile } from 'node:fs/promises';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_PROFILE_NAMES,
  BUILTIN_PROFILES,
  MESSAGE_KINDS,
  compileProfile,
  isDeviceType,
  validateMessage,
  type GoldenManifest,
  type MessageKind,
  type TopicKind,
  type TopicProfileSpec,
} from '../../twin/index.ts';

const dir = new URL('../../twin/json/', import.meta.url);
const read = (path: string) => readFile(new URL(path, dir), 'utf8');
const manifest = JSON.parse(await read('golden/manifest.json')) as GoldenManifest;

describe('the golden messages of twin/json', () => {
  it('cover every message kind, valid and invalid', () => {
    expect(manifest.version).toBe(1);
    for (const kind of MESSAGE_KINDS) {
      expect(
        manifest.cases.some((c) => c.kind === kind && c.valid),
        `a valid ${kind}`,
      ).toBe(true);
    }
    expect(manifest.cases.filter((c) => !c.valid).length).toBeGreaterThanOrEqual(20);
  });

  for (const c of manifest.cases) {
    it(`${c.file}: twin's validator says ${c.valid ? 'valid' : c.error}`, async () => {
      expect(MESSAGE_KINDS).toContain(c.kind);
      const payload = await read(`golden/${c.file}`);
      const deviceType = c.deviceType;
      if (deviceType !== undefined) expect(isDeviceType(deviceType)).toBe(true);
      const result = validateMessage(
        c.kind as MessageKind,
        payload,
        deviceType !== undefined && isDeviceType(deviceType) ? { deviceType } : {},
      );
      if (c.valid) {
        expect(result).toMatchObject({ ok: true });
      } else {
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.errors.join('; ')).toBe(c.error);
          expect(result.errors).toEqual(c.errors);
        }
      }
    });
  }
});

describe('the published JSON Schemas', () => {
  // What the schema alone can say: a valid golden message passes its schema; an invalid one fails
  // it unless the manifest says only twin's further checks catch it (schemaRejects: false).
  for (const c of manifest.cases.filter((c) => c.schema && c.file.endsWith('.json'))) {
    const expected = c.valid || c.schemaRejects === false;
    it(`${expected ? 'accept' : 'reject'} ${c.file} (${c.schema})`, async () => {
      const schema = JSON.parse(await read(c.schema as string)) as Record<string, unknown>;
      const { $schema: _s, $id: _i, ...plain } = schema;
      const check = Compile(plain);
      expect(check.Check(JSON.parse(await read(`golden/${c.file}`)))).toBe(expected);
    });
  }

  it('each have an $id under the contract base and a title', async () => {
    const built = JSON.parse(await read('schemas/status.schema.json')) as { $id: string; title: string };
    expect(built.$id).toBe('https://twinbench.dev/contract/v1/schemas/status.schema.json');
    expect(built.title).toBe('Status (birth, last will)');
  });
});

describe('the golden topics of twin/json', () => {
  it('are what twin builds and matches, profile by profile', async () => {
    const golden = JSON.parse(await read('golden/topics.json')) as {
      profiles: Record<string, TopicProfileSpec>;
      build: { profile: string; kind: TopicKind; deviceId: string; topic: string }[];
      match: { profile: string; topic: string; match: unknown }[];
      subscriptions: Record<string, string[]>;
    };
    expect(Object.keys(golden.profiles)).toEqual(
      expect.arrayContaining(['twinbench', 'iot-node', 'devices-mac']),
    );
    const profiles = new Map(
      Object.entries(golden.profiles).map(([name, spec]) => [name, compileProfile(spec)]),
    );
    for (const b of golden.build) expect(profiles.get(b.profile)?.topicFor(b.kind, b.deviceId)).toBe(b.topic);
    for (const m of golden.match) expect(profiles.get(m.profile)?.match(m.topic) ?? null).toEqual(m.match);
    for (const [name, filters] of Object.entries(golden.subscriptions)) {
      expect(profiles.get(name)?.subscriptions()).toEqual(filters);
    }
    expect(golden.match.filter((m) => m.match === null).length).toBeGreaterThan(5);
  });

  it('include each built-in profile as its own file', async () => {
    for (const name of BUILTIN_PROFILE_NAMES) {
      expect(JSON.parse(await read(`topic-profiles/${name}.json`))).toEqual(BUILTIN_PROFILES[name]);
    }
  });
});
