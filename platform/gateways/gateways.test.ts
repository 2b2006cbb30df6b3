// Gateways and children through buildApp and a fake MQTT port (no broker, no database): registry,
// liveness cascade, commands and deltas routed through the gateway, moving between gateways.
import { afterEach, describe, expect, it } from 'vitest';
import { fakePlatform, type FakePlatform } from '../ports/fake-platform.ts';

let p: FakePlatform;
afterEach(() => p?.close());

const GW = 'tb/v1/gw-1/children';

async function withGatewayAndChildren(): Promise<void> {
  p = await fakePlatform();
  await p.mqtt.deliver('tb/v1/gw-1/status', { online: true, type: 'gateway' });
  for (const id of ['env-1', 'env-2'])
    await p.mqtt.deliver(`${GW}/connect`, { device: id, type: 'env_sensor', fw_version: '1.0.0' });
}

const online = async (id: string) =>
  ((await p.api('GET', `/devices/${id}`)).body as { online: boolean }).online;

describe('children behind a gateway', () => {
  it('are twins registered behind their gateway, fed by batches of readings', async () => {
    await withGatewayAndChildren();
    await p.mqtt.deliver(`${GW}/telemetry`, {
      readings: [
        { device: 'env-1', ts: p.clock.t - 2000, seq: 1, fields: { temperature: 20.5 } },
        { device: 'env-2', ts: p.clock.t - 1000, seq: 7, fields: { temperature: 22 } },
      ],
    });
    const twin = (await p.api('GET', '/devices/env-2')).body as Record<string, unknown>;
    expect(twin).toMatchObject({
      device: { id: 'env-2', type: 'env_sensor', gateway: 'gw-1', fwVersion: '1.0.0' },
      online: true,
      telemetry: { seq: 7, fields: { temperature: 22 } },
    });
    const children = (await p.api('GET', '/devices/gw-1/children')).body as { device: { id: string } }[];
    expect(children.map((c) => c.device.id)).toEqual(['env-1', 'env-2']);
  });

  it('cannot be a device that reaches the broker itself: a gateway may not speak for it', async () => {
    await withGatewayAndChildren();
    await p.mqtt.deliver('tb/v1/brk-1/status', { online: true, type: 'smart_breaker' });
    await p.mqtt.deliver(`${GW}/connect`, { device: 'brk-1', type: 'smart_breaker' });
    expect(p.mqtt.sent(`${GW}/rejected`)).toEqual([
      expect.objectContaining({ device: 'brk-1', reason: 'invalid_payload' }),
    ]);
    const record = (await p.api('GET', '/devices/brk-1')).body as { device: { gateway?: string } };
    expect(record.device.gateway).toBeUndefined();
  });

  it('refuse readings of a child never connected and say so on the gateway', async () => {
    await withGatewayAndChildren();
    await p.mqtt.deliver(`${GW}/telemetry`, {
      readings: [{ device: 'env-9', ts: p.clock.t, fields: { temperature: 20 } }],
    });
    expect(p.mqtt.sent(`${GW}/rejected`)).toEqual([
      expect.objectContaining({ device: 'env-9', code: 404, reason: 'unknown_device' }),
    ]);
  });

  it('go offline with their gateway and come back with it, unless they left on their own', async () => {
    await withGatewayAndChildren();
    await p.mqtt.deliver(`${GW}/disconnect`, { device: 'env-2', reason: 'lost' });
    await p.mqtt.deliver('tb/v1/gw-1/status', { online: false, reason: 'last_will' });
    expect([await online('env-1'), await online('env-2')]).toEqual([false, false]);
    await p.mqtt.deliver('tb/v1/gw-1/status', { online: true, type: 'gateway' });
    expect([await online('env-1'), await online('env-2')]).toEqual([true, false]);
  });

  it('get commands through their gateway and complete them with the child’s response', async () => {
    await withGatewayAndChildren();
    const sent = await p.api('POST', '/devices/env-1/commands', { id: 'c1', name: 'identify' });
    expect(sent.status).toBe(202);
    expect(p.mqtt.sent(`${GW}/commands`)).toEqual([
      { device: 'env-1', id: 'c1', name: 'identify', params: {}, ts: p.clock.t },
    ]);
    expect(p.mqtt.sent('tb/v1/env-1/commands')).toEqual([]); // only through the gateway
    await p.mqtt.deliver(`${GW}/commands/response`, { device: 'env-1', id: 'c1', status: 'succeeded' });
    expect((await p.api('GET', '/commands/c1')).body).toMatchObject({ status: 'succeeded' });
  });

  it('get their shadow delta through the gateway, and report through it', async () => {
    await withGatewayAndChildren();
    await p.api('POST', '/devices/env-1/shadow', { state: { desired: { interval_s: 300 } } });
    expect(p.mqtt.sent(`${GW}/shadow/delta`)).toEqual([
      expect.objectContaining({ device: 'env-1', state: { interval_s: 300 } }),
    ]);
    await p.mqtt.deliver(`${GW}/shadow/update`, {
      device: 'env-1',
      state: { reported: { interval_s: 300 } },
    });
    const twin = (await p.api('GET', '/devices/env-1')).body as { shadow: { state: object } };
    expect(twin.shadow.state).toEqual({ desired: { interval_s: 300 }, reported: { interval_s: 300 } });
  });

  it('move to the gateway of their newest connect; the old gateway cannot take them offline', async () => {
    await withGatewayAndChildren();
    await p.mqtt.deliver('tb/v1/gw-2/status', { online: true, type: 'gateway' });
    await p.mqtt.deliver('tb/v1/gw-2/children/connect', { device: 'env-1', type: 'env_sensor' });
    expect((await p.api('GET', '/devices/env-1')).body).toMatchObject({ device: { gateway: 'gw-2' } });
    await p.mqtt.deliver(`${GW}/disconnect`, { device: 'env-1', reason: 'lost' });
    await p.mqtt.deliver('tb/v1/gw-1/status', { online: false });
    expect(await online('env-1')).toBe(true);
    const left = (await p.api('GET', '/devices/gw-1/children')).body as { device: { id: string } }[];
    expect(left.map((c) => c.device.id)).toEqual(['env-2']);
  });

  it('get the delta they missed when they connect again', async () => {
    await withGatewayAndChildren();
    await p.mqtt.deliver(`${GW}/disconnect`, { device: 'env-2', reason: 'sleep' });
    await p.api('POST', '/devices/env-2/shadow', { state: { desired: { deep_sleep: true } } });
    p.mqtt.clear();
    await p.mqtt.deliver(`${GW}/connect`, { device: 'env-2', type: 'env_sensor' });
    expect(p.mqtt.sent(`${GW}/shadow/delta`)).toEqual([
      expect.objectContaining({ device: 'env-2', state: { deep_sleep: true } }),
    ]);
    expect(await online('env-2')).toBe(true);
  });

  it('refuse a child of an unknown type or a gateway as a child', async () => {
    await withGatewayAndChildren();
    await p.mqtt.deliver(`${GW}/connect`, { device: 'x-1', type: 'toaster' });
    await p.mqtt.deliver(`${GW}/connect`, { device: 'gw-9', type: 'gateway' });
    expect(p.mqtt.sent(`${GW}/rejected`)).toEqual([
      expect.objectContaining({ device: 'x-1', reason: 'no_type' }),
      expect.objectContaining({ device: 'gw-9', reason: 'no_type' }),
    ]);
    expect((await p.api('GET', '/devices/x-1')).status).toBe(404);
  });
});
