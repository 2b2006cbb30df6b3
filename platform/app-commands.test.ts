// Commands through app.inject(): checked, published QoS 1 on the device's profile, tracked from the
// device's responses (delivered through the fake broker). No broker, no database.
import { afterEach, describe, expect, it } from 'vitest';
import { fakePlatform, type FakePlatform } from './ports/fake-platform.ts';

let p: FakePlatform;
afterEach(() => p?.close());

describe('commands through buildApp and a fake MQTT port', () => {
  it('publishes a command with QoS 1 and tracks it to the device response', async () => {
    p = await fakePlatform();
    await p.mqtt.deliver('tb/v1/env-1/status', { online: true, type: 'env_sensor' });
    const sent = await p.api('POST', '/devices/env-1/commands', {
      id: 'c1',
      name: 'identify',
      params: { duration_s: 3 },
    });
    expect(sent).toMatchObject({ status: 202, body: { id: 'c1', status: 'pending', createdAt: p.clock.t } });
    expect(p.mqtt.published.filter((m) => m.topic === 'tb/v1/env-1/commands')).toEqual([
      {
        topic: 'tb/v1/env-1/commands',
        qos: 1,
        payload: JSON.stringify({ id: 'c1', name: 'identify', params: { duration_s: 3 }, ts: p.clock.t }),
      },
    ]);
    p.clock.t += 340;
    await p.mqtt.deliver('tb/v1/env-1/commands/response', {
      id: 'c1',
      status: 'succeeded',
      result: { ok: true },
    });
    expect((await p.api('GET', '/commands/c1')).body).toMatchObject({
      status: 'succeeded',
      latencyMs: 340,
      result: { ok: true },
    });
    // A retry with the same id is not sent again.
    const retry = await p.api('POST', '/devices/env-1/commands', {
      id: 'c1',
      name: 'identify',
      params: { duration_s: 3 },
    });
    expect(retry.status).toBe(200);
    expect(p.mqtt.published.filter((m) => m.topic === 'tb/v1/env-1/commands')).toHaveLength(1);
  });

  it('sends commands on the profile the device speaks (devices-mac, normalised id)', async () => {
    p = await fakePlatform();
    await p.mqtt.deliver('devices/AA-BB-CC-00-11-22/status', { online: true, type: 'smart_breaker' });
    expect((await p.api('POST', '/devices/aa:bb:cc:00:11:22/commands', { name: 'open' })).status).toBe(202);
    expect(p.mqtt.published.map((m) => m.topic)).toContain('devices/aa:bb:cc:00:11:22/commands');
  });

  it.each([
    ['a command the type does not have', { name: 'explode' }, 400, 'TB_ERR_PLATFORM_INVALID_COMMAND'],
    [
      'bad params',
      { name: 'identify', params: { duration_s: 'long' } },
      400,
      'TB_ERR_PLATFORM_INVALID_COMMAND',
    ],
    ['a body that does not fit the schema', { params: {} }, 400, 'TB_ERR_PLATFORM_BAD_REQUEST'],
  ])('refuses %s', async (_what, body, status, code) => {
    p = await fakePlatform();
    await p.mqtt.deliver('tb/v1/env-1/status', { online: true, type: 'env_sensor' });
    p.mqtt.clear();
    const res = await p.api('POST', '/devices/env-1/commands', body);
    expect(res).toMatchObject({ status, body: { code } });
    expect(p.mqtt.published).toEqual([]);
  });

  it('refuses a command to a generic device (no type) and to an unknown one', async () => {
    p = await fakePlatform();
    await p.mqtt.deliver('$aws/things/lamp/shadow/update', { state: { reported: { on: true } } });
    expect((await p.api('POST', '/devices/lamp/commands', { name: 'identify' })).body).toMatchObject({
      code: 'TB_ERR_PLATFORM_NO_TYPE',
    });
    expect((await p.api('POST', '/devices/ghost/commands', { name: 'identify' })).status).toBe(404);
  });

  it('times a command out when no final response comes', async () => {
    p = await fakePlatform();
    await p.mqtt.deliver('tb/v1/env-1/status', { online: true, type: 'env_sensor' });
    await p.api('POST', '/devices/env-1/commands', {
      id: 'c2',
      name: 'identify',
      params: { duration_s: 1 },
      timeoutMs: 500,
    });
    p.clock.t += 501;
    p.app.commands.tracker.sweep();
    expect((await p.api('GET', '/commands/c2')).body).toMatchObject({
      status: 'timed_out',
      error: 'no final response within 500 ms',
    });
  });

  it('answers 429 with Retry-After past maxCommandsInFlight unfinished commands to one device', async () => {
    p = await fakePlatform({ maxCommandsInFlight: 2 });
    await p.mqtt.deliver('tb/v1/brk-1/status', { online: true, type: 'smart_breaker' });
    const send = (id: string) =>
      p.app.inject({
        method: 'POST',
        url: '/devices/brk-1/commands',
        payload: { id, name: 'open', timeoutMs: 30_000 },
      });
    expect((await send('c1')).statusCode).toBe(202);
    expect((await send('c2')).statusCode).toBe(202);
    const refused = await send('c3');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.json()).toEqual({
      code: 'TB_ERR_PLATFORM_TOO_MANY_COMMANDS',
      message: expect.stringMatching(
        /brk-1 already has 2 commands that are not finished .*maxCommandsInFlight.*retry after 30 s/,
      ),
    });
    expect(p.mqtt.published.filter((m) => m.topic === 'tb/v1/brk-1/commands')).toHaveLength(2);
    await p.mqtt.deliver('tb/v1/brk-1/commands/response', { id: 'c1', status: 'succeeded' });
    expect((await send('c3')).statusCode).toBe(202);
  });
});
