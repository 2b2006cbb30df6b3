import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness, type TestDevice } from './harness.ts';

let h: Harness;
let dev: TestDevice;
const ID = 'env-bad';

beforeAll(async () => {
  h = await startHarness({ maxPayloadBytes: 4096 });
  dev = await h.device(ID, { subscribe: [`tb/v1/${ID}/telemetry/rejected`] });
  await dev.publish(`tb/v1/${ID}/status`, { online: true, type: 'env_sensor' });
});
afterAll(() => h?.close());

async function rejectedWith(reason: string): Promise<{ reason: string; message: string }> {
  const r = await dev.next(
    `tb/v1/${ID}/telemetry/rejected`,
    (m) => (m.json as { reason: string }).reason === reason,
  );
  return r.json as { reason: string; message: string };
}

describe('bad device input', () => {
  it('rejects malformed JSON, wrong types, out-of-range values and unknown fields with a reason, counted in /metrics', async () => {
    await dev.publish(`tb/v1/${ID}/telemetry`, '{"fields": {"temperature": 2');
    expect((await rejectedWith('malformed_json')).message).toMatch(/not JSON/);

    await dev.publish(`tb/v1/${ID}/telemetry`, { fields: { temperature: 'warm' } });
    await dev.publish(`tb/v1/${ID}/telemetry`, { fields: { humidity: 140 } });
    await dev.publish(`tb/v1/${ID}/telemetry`, { fields: { temprature: 20 } });
    const invalid = await eventually(() => {
      const msgs = dev.received.filter((m) => (m.json as { reason?: string })?.reason === 'invalid_payload');
      expect(msgs).toHaveLength(3);
      return msgs.map((m) => (m.json as { message: string }).message);
    });
    expect(invalid[0]).toMatch(/temperature/);
    expect(invalid[1]).toMatch(/humidity.*140/);
    expect(invalid[2]).toMatch(/temprature/);

    expect(await h.metric('twinbench_messages_rejected_total', { reason: 'malformed_json' })).toBe(1);
    expect(await h.metric('twinbench_messages_rejected_total', { reason: 'invalid_payload' })).toBe(3);
  });

  it('rejects an oversized payload before reading it', async () => {
    await dev.publish(`tb/v1/${ID}/telemetry`, { fields: { temperature: 20 }, pad: 'x'.repeat(5000) });
    expect((await rejectedWith('oversized')).message).toMatch(/4096-byte limit/);
  });

  it('never half-applies: a message with one bad field changes nothing in the twin', async () => {
    await dev.publish(`tb/v1/${ID}/telemetry`, { seq: 1, fields: { temperature: 21, humidity: 50 } });
    await eventually(async () =>
      expect((await h.api<{ telemetry: { seq: number } }>(`/devices/${ID}`)).body.telemetry.seq).toBe(1),
    );
    await dev.publish(`tb/v1/${ID}/telemetry`, { seq: 2, fields: { temperature: 22, humidity: 500 } });
    await rejectedWith('invalid_payload');
    const twin = await h.api<{ telemetry: { seq: number; fields: Record<string, number> } }>(
      `/devices/${ID}`,
    );
    expect(twin.body.telemetry).toMatchObject({ seq: 1, fields: { temperature: 21, humidity: 50 } });
  });

  it('counts unknown topics and devices that never said their type', async () => {
    await dev.publish(`tb/v1/${ID}/bogus`, { a: 1 });
    const stranger = await h.device('stranger-1');
    await stranger.publish('tb/v1/stranger-1/telemetry', { fields: { temperature: 20 } });
    await eventually(async () => {
      expect(await h.metric('twinbench_messages_rejected_total', { reason: 'unknown_topic' })).toBe(1);
      expect(await h.metric('twinbench_messages_rejected_total', { reason: 'no_type' })).toBe(1);
    });
    expect((await h.api('/devices/stranger-1')).status).toBe(404);
  });

  it('keeps good devices flowing through a flood of garbage', async () => {
    const good = await h.device('env-good');
    await good.publish('tb/v1/env-good/status', { online: true, type: 'env_sensor' });
    const flood = Array.from({ length: 500 }, (_, i) =>
      dev.publish(`tb/v1/${ID}/telemetry`, i % 2 ? 'garbage' : { fields: { light: -1 } }),
    );
    for (let i = 1; i <= 50; i++)
      await good.publish('tb/v1/env-good/telemetry', { seq: i, fields: { temperature: 20 } });
    await Promise.all(flood);
    await eventually(async () =>
      expect((await h.api<{ telemetry: { seq: number } }>('/devices/env-good')).body.telemetry.seq).toBe(50),
    );
    expect((await h.api<{ status: string }>('/health')).body.status).toBe('ok');
  });

  it('answers 404 with a code for unknown devices on the API', async () => {
    const r = await h.api<{ code: string; message: string }>('/devices/nope');
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('TB_ERR_PLATFORM_UNKNOWN_DEVICE');
    expect(r.body.message).toMatch(/POST \/devices/);
  });
});

describe('registration policy reject', () => {
  let strict: Harness;
  beforeAll(async () => {
    strict = await startHarness({ registration: 'reject' });
  });
  afterAll(() => strict?.close());

  it('drops messages from unregistered devices and accepts them once registered', async () => {
    const d = await strict.device('env-x');
    await d.publish('tb/v1/env-x/status', { online: true, type: 'env_sensor' });
    await d.publish('tb/v1/env-x/telemetry', { fields: { temperature: 20 } });
    await eventually(async () =>
      expect(await strict.metric('twinbench_messages_rejected_total', { reason: 'unknown_device' })).toBe(2),
    );
    expect((await strict.api('/devices/env-x')).status).toBe(404);
    expect(
      (await strict.api('/devices', { method: 'POST', body: { id: 'env-x', type: 'env_sensor' } })).status,
    ).toBe(201);
    await d.publish('tb/v1/env-x/telemetry', { seq: 3, fields: { temperature: 20 } });
    await eventually(async () =>
      expect((await strict.api<{ telemetry: { seq: number } }>('/devices/env-x')).body.telemetry.seq).toBe(3),
    );
  });
});
