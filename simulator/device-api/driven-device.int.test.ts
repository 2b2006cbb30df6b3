// One driven device against the real platform: it announces itself as a fleet's device does, publishes
// telemetry with its own seq on demand, answers commands and deltas by itself, and leaves cleanly or
// with its last will.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform, type TwinView } from '../test/platform.ts';
import { openDevice } from './driven-device.ts';

let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform();
});

afterAll(async () => {
  await p?.close();
});

const twin = async (id: string) => (await p.api<TwinView>(`/devices/${id}`)).body;

describe('a driven device', () => {
  it('registers with its seeded identity and publishes telemetry with its own seq', async () => {
    const d = openDevice({
      mqttUrl: p.mqttUrl,
      type: 'env_sensor',
      index: 6,
      idPrefix: 'dd',
      tags: { load: 'x' },
    });
    expect(d.id).toBe('dd-env-00007');
    const ms = await d.connect();
    expect(ms).toBeGreaterThan(0);
    const first = d.publishTelemetry();
    const second = d.publishTelemetry({ temperature: 30.5 });
    expect([first.seq, second.seq]).toEqual([1, 2]);
    await eventually(async () => {
      const t = await twin(d.id);
      expect(t.device).toMatchObject({
        type: 'env_sensor',
        name: d.identity.name,
        tags: { load: 'x', group: 'load' },
      });
      expect(t.telemetry).toMatchObject({ seq: 2, fields: { temperature: 30.5 } });
    });
    expect(await d.waitForAcks(5_000)).toBe(true);
    expect(d.acknowledged).toBe(d.stats.qos1);
    await d.disconnect(true);
    await eventually(async () => expect((await twin(d.id)).online).toBe(false));
  });

  it('answers commands and deltas itself, hears rejections, and leaves with its will', async () => {
    const d = openDevice({ mqttUrl: p.mqttUrl, type: 'smart_breaker', index: 0, idPrefix: 'dd' });
    const rejected: string[] = [];
    const deltas: Record<string, unknown>[] = [];
    d.listener = { rejected: (reason) => rejected.push(reason), delta: (s) => deltas.push(s) };
    await d.connect();
    await eventually(async () => expect((await p.api(`/devices/${d.id}`)).status).toBe(200));

    const cmd = await p.api<{ id: string }>(`/devices/${d.id}/commands`, {
      method: 'POST',
      body: { name: 'open' },
    });
    expect(cmd.status).toBe(202);
    await eventually(async () =>
      expect((await p.api<{ status: string }>(`/commands/${cmd.body.id}`)).body.status).toBe('succeeded'),
    );
    await eventually(async () => expect((await twin(d.id)).telemetry?.fields.breaker_state).toBe('open'));

    await p.api(`/devices/${d.id}/desired`, { method: 'PATCH', body: { interval_s: 7 } });
    await eventually(() => expect(deltas).toEqual([expect.objectContaining({ interval_s: 7 })]));
    await eventually(async () => expect((await twin(d.id)).shadow?.state.reported?.interval_s).toBe(7));

    d.publishTemplate('telemetry', { fields: { current_a: 'lots' } });
    await eventually(() => expect(rejected).toEqual(['invalid_payload']));

    await d.disconnect(false);
    await eventually(async () => {
      const h = await p.api<{ rows: unknown[][] }>(`/devices/${d.id}/history?kind=liveness`);
      expect(h.body.rows.at(-1)).toEqual([expect.any(Number), false, 'last_will']);
    });
  });
});
