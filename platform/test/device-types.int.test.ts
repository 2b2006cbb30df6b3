// A device type from a YAML file against a real Mosquitto and InfluxDB: the platform process loads the
// file (--device-types / config deviceTypes), shows it on GET /device-types, a simulated fleet of it
// (in this process, from the file's generators) reaches the twins and InfluxDB, and a bad value of one of
// its fields is refused naming the field.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../simulator/index.ts';
import { parseDeviceTypeFile, registerDeviceTypes } from '../../twin/index.ts';
import { eventually, startHarness, type Harness } from './harness.ts';

const SOIL_FILE = fileURLToPath(new URL('../../docs/examples/device-types/soil-probe.yaml', import.meta.url));

let h: Harness;
let fleet: Fleet | undefined;

beforeAll(async () => {
  h = await startHarness({ deviceTypes: [SOIL_FILE] });
  registerDeviceTypes([parseDeviceTypeFile(readFileSync(SOIL_FILE, 'utf8'), SOIL_FILE)]);
});
afterAll(async () => {
  await fleet?.stop();
  await h?.close();
});

describe('a device type from a YAML file', () => {
  it('is shown by GET /device-types beside the built-in ones', async () => {
    const list = await h.api<{ name: string; builtin: boolean }[]>('/device-types');
    expect(list.body.map((t) => t.name)).toEqual(expect.arrayContaining(['env_sensor', 'soil_probe']));
    const soil = await h.api<Record<string, unknown>>('/device-types/soil_probe');
    expect(soil.body).toMatchObject({
      builtin: false,
      source: SOIL_FILE,
      telemetry: { moisture: { kind: 'number', unit: '%', min: 0, max: 100 } },
    });
    const openapi = await h.api<{ paths: Record<string, unknown> }>('/docs/json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/device-types', '/device-types/{name}']),
    );
  });

  it('is simulated from its generators, and reaches the twins and InfluxDB', async () => {
    fleet = await startFleet(
      {
        name: 'soil',
        seed: 4,
        groups: [{ type: 'soil_probe', count: 2, idPattern: 'soil-{n:02}', publishIntervalMs: 500 }],
      },
      { mqttUrl: h.stack.mqttUrl },
    );
    const twin = await eventually(async () => {
      const r = await h.api<{
        device: { type: string };
        telemetry: { fields: Record<string, unknown> };
      }>('/devices/soil-01');
      expect(r.body.telemetry?.fields?.soil_temperature_f).toBeTypeOf('number');
      return r.body;
    }, 15_000);
    expect(twin.device.type).toBe('soil_probe');
    const f = twin.telemetry.fields;
    expect(f.moisture).toBeGreaterThanOrEqual(10);
    expect(f.moisture).toBeLessThanOrEqual(60);
    expect(f.battery_voltage).toBe(3.6);
    expect(f.dry).toBe((f.moisture as number) < 20);
    expect(['closed', 'open']).toContain(f.valve);
    const history = await eventually(async () => {
      const r = await h.api<{ columns: string[]; rows: unknown[][] }>(
        `/devices/soil-02/history?fields=moisture,valve&from=${Date.now() - 60_000}&to=${Date.now() + 1000}`,
      );
      expect(r.body.rows.length).toBeGreaterThanOrEqual(3);
      return r.body;
    }, 15_000);
    expect(history.columns).toEqual(['time', 'moisture', 'valve']);
    // Nothing the generators made was refused (a value out of range or of the wrong kind would be).
    expect(await h.metric('twinbench_messages_rejected_total', { reason: 'invalid_payload' })).toBe(0);
  });

  it('refuses a bad value of one of its fields, naming the field', async () => {
    const probe = await h.device('soil-bad', { subscribe: ['tb/v1/soil-bad/telemetry/rejected'] });
    await probe.publish('tb/v1/soil-bad/status', { online: true, type: 'soil_probe' });
    await probe.publish('tb/v1/soil-bad/telemetry', { fields: { moisture: 130, valve: 'ajar' } });
    const rejected = (await probe.next('tb/v1/soil-bad/telemetry/rejected')).json as { message: string };
    expect(rejected.message).toBe(
      'fields.moisture: 130 is out of range; allowed: number 0..100 %; fields.valve: "ajar" is not an allowed value; allowed: closed | open',
    );
    const refused = await h.api('/devices/soil-bad/desired', { method: 'PATCH', body: { threshold: 250 } });
    expect(refused).toMatchObject({ status: 400 });
  });
});
