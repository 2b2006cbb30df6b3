// Device types from device-type files through buildApp: loaded from the config (a path or a document),
// shown by GET /device-types, and enforced on registration, telemetry, desired state and commands.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { unregisterDeviceType } from '../twin/index.ts';
import { fakePlatform, type FakePlatform } from './ports/fake-platform.ts';

const SOIL_FILE = new URL('../docs/examples/device-types/soil-probe.yaml', import.meta.url).pathname;

let p: FakePlatform | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
  unregisterDeviceType('soil_probe');
});

describe('device types from files', () => {
  it('are listed beside the built-in ones and shown one by one', async () => {
    p = await fakePlatform({ deviceTypes: [SOIL_FILE] });
    const list = await p.api('GET', '/device-types');
    expect(list.status).toBe(200);
    const names = (list.body as { name: string; builtin: boolean }[]).map((t) => [t.name, t.builtin]);
    expect(names).toContainEqual(['env_sensor', true]);
    expect(names).toContainEqual(['soil_probe', false]);
    const one = await p.api('GET', '/device-types/soil_probe');
    expect(one.body).toMatchObject({
      name: 'soil_probe',
      builtin: false,
      short: 'soil',
      source: SOIL_FILE,
      telemetry: { moisture: { kind: 'number', unit: '%', min: 0, max: 100 } },
      commands: { calibrate: { params: { dry_point: { kind: 'number' } } } },
    });
    expect(await p.api('GET', '/device-types/toaster')).toMatchObject({
      status: 404,
      body: { code: 'TB_ERR_TWIN_DEVICE_TYPE_UNKNOWN' },
    });
  });

  it('take inline documents too (what the CLI passes to a platform in a container)', async () => {
    const doc = parse(readFileSync(SOIL_FILE, 'utf8')) as object;
    p = await fakePlatform({ deviceTypes: [doc] });
    expect((await p.api('GET', '/device-types/soil_probe')).status).toBe(200);
  });

  it('refuse to start on a bad document, naming the entry and the path', async () => {
    await expect(
      fakePlatform({ deviceTypes: [{ name: 'x', telemetry: { a: { kind: 'bool' } } }] }),
    ).rejects.toThrow(/config deviceTypes\[0\]: telemetry\.a\.kind: "bool" is not allowed/);
  });

  it('register, ingest and check desired state and commands against the type', async () => {
    p = await fakePlatform({ deviceTypes: [SOIL_FILE] });
    expect((await p.api('POST', '/devices', { id: 'soil-1', type: 'soil_probe' })).status).toBe(201);
    expect(await p.api('POST', '/devices', { id: 'x-1', type: 'toaster' })).toMatchObject({
      status: 400,
      body: { code: 'TB_ERR_TWIN_DEVICE_TYPE_UNKNOWN' },
    });
    await p.mqtt.deliver('tb/v1/soil-1/telemetry', { fields: { moisture: 31.5, valve: 'open' } });
    const twin = await p.api('GET', '/devices/soil-1');
    expect(twin.body).toMatchObject({ telemetry: { fields: { moisture: 31.5, valve: 'open' } } });
    // A bad value of a custom field is refused, naming the field.
    await p.mqtt.deliver('tb/v1/soil-1/telemetry', { fields: { moisture: 130 } });
    const rejected = p.mqtt.published.find((m) => m.topic === 'tb/v1/soil-1/telemetry/rejected');
    expect(JSON.parse(rejected!.payload as string)).toMatchObject({
      reason: 'invalid_payload',
      message: 'fields.moisture: 130 is out of range; allowed: number 0..100 %',
    });
    const desired = await p.api('PATCH', '/devices/soil-1/desired', { threshold: 250 });
    expect(desired.status).toBe(400);
    expect(JSON.stringify(desired.body)).toContain('desired.threshold: 250 is out of range');
    expect((await p.api('POST', '/devices/soil-1/commands', { name: 'open' })).status).toBe(400);
    expect(
      (await p.api('POST', '/devices/soil-1/commands', { name: 'calibrate', params: { dry_point: 12 } }))
        .status,
    ).toBe(202);
  });

  it('announced in a status message register the device with that type', async () => {
    p = await fakePlatform({ deviceTypes: [SOIL_FILE] });
    await p.mqtt.deliver('tb/v1/soil-2/status', { online: true, type: 'soil_probe' });
    expect((await p.api('GET', '/devices/soil-2')).body).toMatchObject({ device: { type: 'soil_probe' } });
  });
});
