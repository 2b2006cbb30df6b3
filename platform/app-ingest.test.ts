// Ingest driven through a fake broker: device messages in, twins and rejections out; no broker, no database.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakePlatform, type FakePlatform } from './ports/fake-platform.ts';

let p: FakePlatform;
afterEach(() => p?.close());

const twin = async (id: string) => (await p.api<Record<string, unknown>>('GET', `/devices/${id}`)).body;

describe('ingest through buildApp and a fake MQTT port', () => {
  it('subscribes the shadow topics, the twinbench namespace and each profile once it starts', async () => {
    p = await fakePlatform();
    expect(p.mqtt.connected).toBe(true);
    expect(p.mqtt.filters).toEqual(expect.arrayContaining(['tb/v1/#', 'iot/node/+/telemetry']));
    expect(p.mqtt.filters.some((f) => f.startsWith('$aws/things/'))).toBe(true);
  });

  it('registers a device from its birth message and merges its telemetry into the twin', async () => {
    p = await fakePlatform();
    await p.mqtt.deliver('tb/v1/env-1/status', {
      online: true,
      type: 'env_sensor',
      name: 'Lobby',
      location: { site: 'hq', x: 1 },
    });
    p.clock.t += 1_000;
    await p.mqtt.deliver('tb/v1/env-1/telemetry', { seq: 1, fields: { temperature: 21.5 } });
    expect(await twin('env-1')).toMatchObject({
      device: { id: 'env-1', type: 'env_sensor', name: 'Lobby', location: { site: 'hq', x: 1 } },
      online: true,
      telemetry: { ts: p.clock.t, seq: 1, fields: { temperature: 21.5 } },
    });
    await p.app.history.writer.flush();
    expect(p.history.of('telemetry')).toEqual([
      `telemetry,device_id=env-1,type=env_sensor temperature=21.5,_seq=1.0 ${p.clock.t}`,
    ]);
  });

  it.each([
    ['online', true],
    ['offline', false],
  ])("accepts the bare status payload '%s' (twin's decoding), setting liveness", async (bare, online) => {
    p = await fakePlatform({ profiles: ['twinbench'] });
    await p.api('POST', '/devices', { id: 'brk-1', type: 'smart_breaker' });
    if (!online) await p.mqtt.deliver('tb/v1/brk-1/status', 'online');
    await p.mqtt.deliver('tb/v1/brk-1/status', bare);
    expect((await twin('brk-1')).online).toBe(online);
    expect(p.mqtt.published.filter((m) => m.topic.endsWith('/rejected'))).toEqual([]);
  });

  it('refuses a status that is neither JSON nor a bare online/offline as malformed_json', async () => {
    p = await fakePlatform();
    await p.mqtt.deliver('tb/v1/env-1/status', 'onlin');
    expect(p.mqtt.sent('tb/v1/env-1/status/rejected')).toEqual([
      expect.objectContaining({ code: 400, reason: 'malformed_json' }),
    ]);
  });

  it('refuses a reading out of range on /rejected and applies nothing of it', async () => {
    p = await fakePlatform();
    await p.mqtt.deliver('tb/v1/env-1/status', { online: true, type: 'env_sensor' });
    await p.mqtt.deliver('tb/v1/env-1/telemetry', { fields: { temperature: 22, humidity: 140 } });
    expect(p.mqtt.sent('tb/v1/env-1/telemetry/rejected')).toEqual([
      {
        code: 400,
        reason: 'invalid_payload',
        message: expect.stringMatching(/^fields\.humidity: 140 is out of range/),
        timestamp: Math.floor(p.clock.t / 1000),
      },
    ]);
    expect((await twin('env-1')).telemetry).toBeUndefined();
  });

  it('refuses telemetry of a device that never said its type, and strangers under policy reject', async () => {
    p = await fakePlatform({ registration: 'reject' });
    await p.mqtt.deliver('tb/v1/ghost/telemetry', { fields: { temperature: 1 } });
    expect(p.mqtt.sent('tb/v1/ghost/telemetry/rejected')).toEqual([
      expect.objectContaining({ reason: 'unknown_device' }),
    ]);
    expect((await p.api('GET', '/devices/ghost')).status).toBe(404);
  });

  it('streams nothing and writes nothing for a refused message, and counts it', async () => {
    p = await fakePlatform();
    await p.mqtt.deliver('tb/v1/env-1/telemetry', '{not json');
    const metrics = await p.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/twinbench_messages_rejected_total\{reason="malformed_json"\} 1/);
    await p.app.history.writer.flush();
    expect(p.history.of('telemetry')).toEqual([]);
  });

  it('flushes history and ends the broker session when the app closes', async () => {
    p = await fakePlatform();
    await p.mqtt.deliver('tb/v1/env-1/status', { online: true, type: 'env_sensor' });
    await p.app.close();
    expect(p.mqtt.connected).toBe(false);
    expect(p.history.of('liveness')).toHaveLength(1);
    expect(p.history.of('devices')).toHaveLength(1);
  });

  it('acknowledges a message only once its history lines are in the database, and in arrival order', async () => {
    p = await fakePlatform({ history: { flushIntervalMs: 10, maxBatchLines: 100 } });
    const first = await p.mqtt.deliver('tb/v1/env-1/status', { online: true, type: 'env_sensor' });
    await first.acked;
    expect(p.history.of('liveness')).toHaveLength(1);
    p.history.up = false;
    const acked: string[] = [];
    const a = await p.mqtt.deliver('tb/v1/env-1/telemetry', { ts: 1_000, fields: { temperature: 1 } });
    void a.acked.then(() => acked.push('a'));
    // A refused message carries nothing, but is not acknowledged before the one ahead of it.
    const bad = await p.mqtt.deliver('tb/v1/env-1/telemetry', '{not json');
    void bad.acked.then(() => acked.push('bad'));
    await vi.waitFor(() => expect(p.app.history.writer.failures).toBeGreaterThan(0));
    const b = await p.mqtt.deliver('tb/v1/env-1/telemetry', { ts: 2_000, fields: { temperature: 2 } });
    void b.acked.then(() => acked.push('b'));
    await new Promise((r) => setTimeout(r, 50));
    expect(acked).toEqual([]);
    expect(p.history.of('telemetry')).toHaveLength(0);
    p.history.up = true;
    await Promise.all([a.acked, bad.acked, b.acked]);
    expect(acked).toEqual(['a', 'bad', 'b']);
    expect(p.history.of('telemetry')).toHaveLength(2);
  });

  it('refuses a registered device past deviceLimits.messagesPerSecond, counts each, tells it once a second', async () => {
    p = await fakePlatform({ deviceLimits: { messagesPerSecond: 3 } });
    // Registered by this message, so not counted: limits apply to registered devices.
    await p.mqtt.deliver('tb/v1/env-1/status', { online: true, type: 'env_sensor' });
    for (let seq = 1; seq <= 5; seq++)
      await p.mqtt.deliver('tb/v1/env-1/telemetry', { seq, fields: { temperature: seq } });
    expect((await twin('env-1')).telemetry).toMatchObject({ seq: 3 });
    const text = (await p.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(/twinbench_messages_rejected_total\{reason="rate_limited"\} 2/);
    expect(p.mqtt.sent('tb/v1/env-1/telemetry/rejected')).toEqual([
      expect.objectContaining({
        code: 400,
        reason: 'rate_limited',
        message: expect.stringMatching(/more than 3 messages a second/),
      }),
    ]);
    p.clock.t += 1_000;
    await p.mqtt.deliver('tb/v1/env-1/telemetry', { seq: 5, fields: { temperature: 5 } });
    expect((await twin('env-1')).telemetry).toMatchObject({ seq: 5 });
  });
});
