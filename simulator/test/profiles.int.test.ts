// Fleets on the foreign topic profiles the platform supports: iot-node and devices-mac (MAC ids).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMac } from '../../twin/index.ts';
import { startFleet, type Fleet } from '../index.ts';
import { eventually, startTestPlatform, type TestPlatform, type TwinView } from './platform.ts';

let t: TestPlatform;
let iotNode: Fleet;
let macFleet: Fleet;

async function twin(id: string): Promise<TwinView & { device: { profile?: string } }> {
  const r = await t.api<TwinView & { device: { profile?: string } }>(`/devices/${encodeURIComponent(id)}`);
  if (r.status !== 200 || !r.body.telemetry) throw new Error(`${id}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function command(id: string, name: string): Promise<{ status: string; result?: unknown }> {
  const sent = await t.api<{ id: string }>(`/devices/${encodeURIComponent(id)}/commands`, {
    method: 'POST',
    body: { name },
  });
  expect(sent.status).toBe(202);
  return eventually(async () => {
    const c = await t.api<{ status: string; result?: unknown }>(`/commands/${sent.body.id}`);
    expect(c.body.status).toBe('succeeded');
    return c.body;
  });
}

beforeAll(async () => {
  t = await startTestPlatform();
  const common = { mqttUrl: t.mqttUrl };
  [iotNode, macFleet] = await Promise.all([
    startFleet(
      {
        profile: 'iot-node',
        seed: 5,
        groups: [
          { type: 'smart_breaker', count: 2 },
          { type: 'env_sensor', count: 2 },
        ],
      },
      common,
    ),
    startFleet(
      {
        profile: 'devices-mac',
        seed: 6,
        groups: [
          { type: 'env_sensor', count: 2 },
          { type: 'camera', count: 2 },
        ],
      },
      common,
    ),
  ]);
});

afterAll(async () => {
  await iotNode?.stop();
  await macFleet?.stop();
  await t?.close();
});

describe('topic profiles', () => {
  it('iot-node: twins with telemetry, shadow and commands', async () => {
    for (const d of iotNode.devices) {
      const view = await eventually(() => twin(d.id));
      expect(view.device).toMatchObject({ type: d.type, profile: 'iot-node', name: d.identity.name });
      expect(view.online).toBe(true);
    }
    expect(await command('brk-0001', 'open')).toMatchObject({ result: { breaker_state: 'open' } });
    await t.api('/devices/env-0001/desired', { method: 'PATCH', body: { interval_s: 2 } });
    await eventually(async () => {
      const v = await twin('env-0001');
      expect(v.shadow?.state.reported).toMatchObject({ interval_s: 2 });
      expect(v.shadow?.state.delta).toBeUndefined();
    });
  });

  it('devices-mac: devices named by their MAC address', async () => {
    for (const d of macFleet.devices) {
      expect(isMac(d.id)).toBe(true);
      expect(d.id).toBe(d.identity.mac);
      const view = await eventually(() => twin(d.id));
      expect(view.device).toMatchObject({ id: d.id, type: d.type, profile: 'devices-mac' });
      expect(view.telemetry?.seq).toBeGreaterThanOrEqual(1);
    }
    const cam = macFleet.devices.find((d) => d.type === 'camera');
    expect(await command(cam?.id ?? '', 'snapshot')).toMatchObject({ result: { format: 'jpeg' } });
  });
});
