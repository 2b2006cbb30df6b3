// The one shadow path: MQTT requests through twin's handleShadowRequest, REST through the gateway,
// both on the shadow book that checks desired state against the device type. Fake broker, no database.
import { afterEach, describe, expect, it } from 'vitest';
import { fakePlatform, type FakePlatform } from './ports/fake-platform.ts';

let p: FakePlatform;
afterEach(() => p?.close());

const AWS = '$aws/things/brk-1/shadow';

async function breaker(options: Parameters<typeof fakePlatform>[0] = {}) {
  p = await fakePlatform(options);
  await p.mqtt.deliver('tb/v1/brk-1/status', { online: true, type: 'smart_breaker' });
  p.mqtt.clear();
  return p;
}

describe('shadows over MQTT (fake broker)', () => {
  it('answers an update on /update/accepted, /update/delta and /update/documents, and announces it', async () => {
    await breaker();
    const frames: unknown[] = [];
    p.app.twins.bus.on((c) => c.kind === 'shadow' && frames.push(c));
    await p.mqtt.deliver(`${AWS}/update`, { state: { desired: { closed: false } }, clientToken: 'c1' });
    expect(p.mqtt.published.map((m) => m.topic)).toEqual([
      `${AWS}/update/accepted`,
      `${AWS}/update/delta`,
      `${AWS}/update/documents`,
    ]);
    expect(p.mqtt.sent(`${AWS}/update/accepted`)[0]).toMatchObject({
      state: { desired: { closed: false } },
      version: 1,
      clientToken: 'c1',
    });
    expect(frames).toEqual([
      expect.objectContaining({
        deviceId: 'brk-1',
        version: 1,
        state: { desired: { closed: false }, delta: { closed: false } },
      }),
    ]);
  });

  it('checks desired state against the device type: a wrong kind is rejected with 400 on /update/rejected', async () => {
    await breaker();
    await p.mqtt.deliver(`${AWS}/update`, { state: { desired: { closed: 'yes' } }, clientToken: 'c2' });
    expect(p.mqtt.published.map((m) => m.topic)).toEqual([`${AWS}/update/rejected`]);
    expect(p.mqtt.sent(`${AWS}/update/rejected`)[0]).toEqual({
      code: 400,
      message: 'desired.closed: "yes" is a string; allowed: boolean',
      timestamp: Math.floor(p.clock.t / 1000),
      clientToken: 'c2',
    });
    expect((await p.api('GET', '/devices/brk-1/shadow')).status).toBe(404);
  });

  it('answers a /get that is not JSON with 400 on /get/rejected, as AWS does', async () => {
    await breaker();
    await p.mqtt.deliver(`${AWS}/get`, 'not json');
    expect(p.mqtt.sent(`${AWS}/get/rejected`)).toEqual([
      expect.objectContaining({ code: 400, message: expect.stringMatching(/^Invalid JSON/) }),
    ]);
  });

  it('answers /get and /delete, continuing versions, with the request clientToken', async () => {
    await breaker();
    await p.mqtt.deliver(`${AWS}/update`, { state: { reported: { closed: true } } });
    await p.mqtt.deliver(`${AWS}/get`, { clientToken: 'g' });
    expect(p.mqtt.sent(`${AWS}/get/accepted`)[0]).toMatchObject({ version: 1, clientToken: 'g' });
    await p.mqtt.deliver(`${AWS}/delete`, '');
    expect(p.mqtt.sent(`${AWS}/delete/accepted`)[0]).toMatchObject({ version: 1 });
    await p.app.history.writer.flush();
    expect(p.history.of('shadow').at(-1)).toMatch(/deleted=true/);
  });

  it('registers an unknown thing as generic (policy auto) and does not type-check it', async () => {
    p = await fakePlatform();
    await p.mqtt.deliver('$aws/things/lamp/shadow/update', { state: { desired: { anything: 'goes' } } });
    expect(p.mqtt.sent('$aws/things/lamp/shadow/update/accepted')).toHaveLength(1);
    expect((await p.api<{ device: { type: string } }>('GET', '/devices/lamp')).body.device.type).toBe(
      'generic',
    );
  });

  it('answers 404 on /rejected for an unknown thing under policy reject', async () => {
    p = await fakePlatform({ registration: 'reject' });
    await p.mqtt.deliver('$aws/things/lamp/shadow/get', '');
    expect(p.mqtt.sent('$aws/things/lamp/shadow/get/rejected')).toEqual([
      expect.objectContaining({ code: 404 }),
    ]);
  });
});

describe('shadows over REST (app.inject)', () => {
  it('checks desired state against the device type with the same message as MQTT', async () => {
    await breaker();
    const res = await p.api('PATCH', '/devices/brk-1/desired', { closed: 'yes' });
    expect(res).toEqual({
      status: 400,
      body: {
        code: 'TB_ERR_PLATFORM_INVALID_DESIRED',
        message: 'desired.closed: "yes" is a string; allowed: boolean',
      },
    });
    const post = await p.api('POST', '/devices/brk-1/shadow', { state: { desired: { nope: 1 } } });
    expect(post.status).toBe(400);
    expect(post.body).toMatchObject({ code: 'TB_ERR_PLATFORM_INVALID_DESIRED' });
    expect(p.mqtt.published).toEqual([]);
  });

  it('sends accepted desired state to the device on /update/delta', async () => {
    await breaker();
    const res = await p.api('PATCH', '/devices/brk-1/desired', { closed: false });
    expect(res.status).toBe(200);
    expect(p.mqtt.sent(`${AWS}/update/delta`)).toEqual([
      expect.objectContaining({ state: { closed: false }, version: 1 }),
    ]);
  });

  it('answers AWS shadow errors with their numeric code (409 on a version conflict)', async () => {
    await breaker();
    await p.api('PATCH', '/devices/brk-1/desired', { closed: false });
    const res = await p.api('POST', '/devices/brk-1/shadow', {
      state: { desired: { closed: true } },
      version: 7,
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 409, message: expect.stringMatching(/^Version conflict/) });
  });

  it('answers 404 with a TB code for an unknown device', async () => {
    p = await fakePlatform();
    expect(await p.api('PATCH', '/devices/nope/desired', { closed: false })).toMatchObject({
      status: 404,
      body: { code: 'TB_ERR_PLATFORM_UNKNOWN_DEVICE' },
    });
  });
});
