import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    profiles: [
      'twinbench',
      'iot-node',
      'devices-mac',
      { name: 'legacy-cams', telemetry: 'cams/{id}/stats', command: 'cams/{id}/cmd', deviceType: 'camera' },
    ],
  });
});
afterAll(() => h?.close());

describe('topic profiles', () => {
  it('feeds twins from iot/node/{id}/… and sends commands back on that profile', async () => {
    const node = await h.device('node-7', { subscribe: ['iot/node/node-7/command'] });
    await node.publish('iot/node/node-7/status', { online: true, type: 'smart_breaker' });
    await node.publish('iot/node/node-7/telemetry', { current_a: 12.5, breaker_state: 'closed' });
    const twin = await eventually(async () => {
      const r = await h.api<{
        device: { profile: string; type: string };
        telemetry: { fields: Record<string, unknown> };
      }>('/devices/node-7');
      expect(r.body.telemetry.fields.current_a).toBe(12.5);
      return r.body;
    });
    expect(twin.device).toMatchObject({ profile: 'iot-node', type: 'smart_breaker' });
    await h.api('/devices/node-7/commands', { method: 'POST', body: { id: 'n7-open', name: 'open' } });
    expect((await node.next('iot/node/node-7/command')).json).toMatchObject({ id: 'n7-open', name: 'open' });
    await node.publish('iot/node/node-7/command/response', { id: 'n7-open', status: 'succeeded' });
    await eventually(async () =>
      expect((await h.api<{ status: string }>('/commands/n7-open')).body.status).toBe('succeeded'),
    );
  });

  it('feeds twins from devices/{mac}/data with the MAC as device id', async () => {
    const d = await h.device('mac-dev');
    await d.publish('devices/AA-BB-CC-00-11-22/status', { online: true, type: 'env_sensor' });
    await d.publish('devices/AA-BB-CC-00-11-22/data', { temperature: 19.5, humidity: 55 });
    const twin = await eventually(async () => {
      const r = await h.api<{
        device: { id: string; profile: string };
        telemetry: { fields: Record<string, unknown> };
      }>(`/devices/${encodeURIComponent('aa:bb:cc:00:11:22')}`);
      expect(r.body.telemetry.fields).toEqual({ temperature: 19.5, humidity: 55 });
      return r.body;
    });
    expect(twin.device).toMatchObject({ id: 'aa:bb:cc:00:11:22', profile: 'devices-mac' });
  });

  it('registers devices of a profile that names their type, without a status message', async () => {
    const cam = await h.device('cam-legacy');
    await cam.publish('cams/lobby-1/stats', { fps: 25, recording: true });
    const twin = await eventually(async () => {
      const r = await h.api<{ device: { type: string }; telemetry: { fields: Record<string, unknown> } }>(
        '/devices/lobby-1',
      );
      expect(r.body.telemetry.fields).toEqual({ fps: 25, recording: true });
      return r.body;
    });
    expect(twin.device.type).toBe('camera');
  });
});
