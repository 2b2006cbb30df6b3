// Input hardened at the edge (issue 15), driven through a fake broker and a fake database: names
// checked before anything is registered, nesting checked without recursion, what line protocol cannot
// carry refused at the edge, a cap on devices registered on first contact, error logs rate-limited.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { fakePlatform, type FakePlatform } from './ports/fake-platform.ts';

let p: FakePlatform;
afterEach(() => p?.close());

/** A platform whose log lines are kept (pino JSON, warn and up). */
async function logged(options: Parameters<typeof fakePlatform>[0] = {}) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'warn' }, { write: (l: string) => lines.push(JSON.parse(l)) });
  p = await fakePlatform({ logger, ...options });
  return lines;
}

async function rejected(reason: string): Promise<number> {
  const text = (await p.app.inject({ method: 'GET', url: '/metrics' })).body;
  const m = new RegExp(`twinbench_messages_rejected_total\\{reason="${reason}"\\} (\\d+)`).exec(text);
  return m ? Number(m[1]) : 0;
}

const ids = () => p.app.twins.registry.list().map((d) => d.id);

describe('names are checked before anything is registered', () => {
  const long = 'x'.repeat(60_000);
  it.each([
    ['a backslash', '$aws/things/a\\b/shadow/update', true],
    ['an emoji', '$aws/things/lamp-😀/shadow/update', true],
    ['a space', '$aws/things/lamp 1/shadow/get', true],
    ['129 characters', `$aws/things/${'t'.repeat(129)}/shadow/update`, true],
    ['60 000 characters', `$aws/things/${long}/shadow/update`, false],
    ['a bad shadow name', '$aws/things/lamp-1/shadow/name/c\\fg/update', true],
    ['a 65-character shadow name', `$aws/things/lamp-1/shadow/name/${'s'.repeat(65)}/delete`, true],
  ])('a shadow request on a thing or shadow name with %s registers nothing', async (_, topic, answered) => {
    p = await fakePlatform();
    await p.mqtt.deliver(topic, { state: { reported: { on: true } } });
    expect(ids()).toEqual([]);
    await p.app.history.writer.flush();
    expect(p.history.lines).toEqual([]);
    expect(await rejected('invalid_device_id')).toBe(1);
    const answers = p.mqtt.sent(`${topic}/rejected`) as { code: number; message: string }[];
    if (answered)
      expect(answers).toEqual([
        expect.objectContaining({
          code: 400,
          message: expect.stringMatching(/^Invalid (thing|shadow) name: .*A-Z a-z 0-9 _ \. : -$/),
        }),
      ]);
    else expect(answers).toEqual([]);
  });

  it('still registers a thing with a valid name on first contact', async () => {
    p = await fakePlatform();
    await p.mqtt.deliver('$aws/things/lamp-1.a:b_c/shadow/name/cfg-1/update', {
      state: { reported: { on: true } },
    });
    expect(ids()).toEqual(['lamp-1.a:b_c']);
  });

  it('refuses a device id outside [A-Za-z0-9_.:-]{1,128} on a profile topic, without registering it', async () => {
    p = await fakePlatform();
    for (const id of ['a\\b', 'é', '😀', 'x'.repeat(129)])
      await p.mqtt.deliver(`tb/v1/${id}/status`, { online: true, type: 'env_sensor' });
    expect(ids()).toEqual([]);
    // A profile whose pattern cannot match the id sees an unknown topic; one that can, an invalid id.
    expect((await rejected('invalid_device_id')) + (await rejected('unknown_topic'))).toBe(4);
  });
});

describe('nesting is checked on the bytes, before JSON is parsed or walked', () => {
  const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

  it.each([
    ['telemetry', 'tb/v1/env-1/telemetry', `{"fields":${deepArray(20_000)}}`],
    ['an event', 'tb/v1/env-1/events', `{"type":"x","data":${deepObject(5_000)}}`],
    ['a status', 'tb/v1/env-2/status', `{"online":true,"type":"env_sensor","x":${deepObject(40)}}`],
  ])('refuses %s nested too deep as too_deep, logging no error', async (_, topic, payload) => {
    const lines = await logged();
    await p.mqtt.deliver('tb/v1/env-1/status', { online: true, type: 'env_sensor' });
    await p.mqtt.deliver(topic, Buffer.from(payload));
    expect(await rejected('too_deep')).toBe(1);
    expect(p.mqtt.sent(`${topic}/rejected`)).toEqual([
      expect.objectContaining({
        code: 400,
        reason: 'too_deep',
        message: expect.stringMatching(/more than 32 levels/),
      }),
    ]);
    expect(ids()).toEqual(['env-1']);
    expect(lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });

  it('answers a shadow request nested too deep with 400 on /rejected and registers nothing', async () => {
    p = await fakePlatform();
    await p.mqtt.deliver(
      '$aws/things/lamp-1/shadow/update',
      Buffer.from(`{"state":{"reported":${deepArray(2_000)}}}`),
    );
    expect(p.mqtt.sent('$aws/things/lamp-1/shadow/update/rejected')).toEqual([
      expect.objectContaining({ code: 400, message: expect.stringMatching(/too many levels of nesting/) }),
    ]);
    expect(ids()).toEqual([]);
    expect(await rejected('too_deep')).toBe(1);
  });

  it('takes messages nested up to maxJsonDepth', async () => {
    p = await fakePlatform({ maxJsonDepth: 4 });
    await p.mqtt.deliver('tb/v1/env-1/status', { online: true, type: 'env_sensor' });
    await p.mqtt.deliver('tb/v1/env-1/events', { type: 'x', a: { b: { c: { d: 1 } } } });
    await p.mqtt.deliver('tb/v1/env-1/events', { type: 'x', a: { b: { c: { d: { e: 1 } } } } });
    expect(await rejected('too_deep')).toBe(1);
    await p.app.history.writer.flush();
    expect(p.history.of('events')).toHaveLength(1);
  });
});

describe('what reaches line protocol is escaped, or refused at the edge', () => {
  it.each([
    ['a backslash', 'trip\\x'],
    ['a newline', 'trip\nmeasurement x=1'],
    ['a carriage return', 'trip\r'],
  ])('refuses an event whose type (a tag) holds %s', async (_, type) => {
    p = await fakePlatform();
    await p.mqtt.deliver('tb/v1/env-1/status', { online: true, type: 'env_sensor' });
    await p.mqtt.deliver('tb/v1/env-1/events', { type });
    expect(p.mqtt.sent('tb/v1/env-1/events/rejected')).toEqual([
      expect.objectContaining({
        reason: 'invalid_payload',
        message: expect.stringMatching(/line protocol cannot carry/),
      }),
    ]);
    await p.app.history.writer.flush();
    expect(p.history.of('events')).toEqual([]);
  });

  it('writes every other character class in tags and string fields as one well-formed line each', async () => {
    p = await fakePlatform();
    const nasty = `q"uo'te, sp ace=eq\ttab\u0001ctl ü 😀 \\back`;
    await p.mqtt.deliver('tb/v1/env-1/status', { online: true, type: 'env_sensor', reason: `${nasty}\nnl` });
    await p.mqtt.deliver('tb/v1/env-1/events', { type: 'a, b=c "ü😀"', note: `${nasty}\nnl` });
    await p.app.history.writer.flush();
    for (const line of p.history.lines) expect(line).not.toMatch(/[\n\r]/);
    expect(p.history.of('events')).toHaveLength(1);
    expect(p.history.of('events')[0]).toMatch(/^events,device_id=env-1,type=a\\,\\ b\\=c\\ "ü😀" data="/);
  });
});

describe('a cap on devices registered on first contact', () => {
  it('refuses new devices past maxDevices with device_limit, keeps serving the known ones', async () => {
    p = await fakePlatform({ maxDevices: 2 });
    await p.mqtt.deliver('tb/v1/env-1/status', { online: true, type: 'env_sensor' });
    await p.mqtt.deliver('$aws/things/lamp-1/shadow/update', { state: { reported: { on: true } } });
    await p.mqtt.deliver('tb/v1/env-2/status', { online: true, type: 'env_sensor' });
    await p.mqtt.deliver('$aws/things/lamp-2/shadow/update', { state: { reported: { on: true } } });
    expect(ids()).toEqual(['env-1', 'lamp-1']);
    expect(await rejected('device_limit')).toBe(2);
    expect(p.mqtt.sent('tb/v1/env-2/status/rejected')).toEqual([
      expect.objectContaining({
        reason: 'device_limit',
        message: expect.stringMatching(/maximum of 2 devices \(config maxDevices\)/),
      }),
    ]);
    expect(p.mqtt.sent('$aws/things/lamp-2/shadow/update/rejected')).toEqual([
      expect.objectContaining({ code: 404, message: expect.stringMatching(/maximum of 2 devices/) }),
    ]);
    await p.mqtt.deliver('tb/v1/env-1/telemetry', { fields: { temperature: 20 } });
    await p.mqtt.deliver('$aws/things/lamp-1/shadow/update', { state: { reported: { on: false } } });
    expect(p.mqtt.sent('$aws/things/lamp-1/shadow/update/accepted')).toHaveLength(2);
    expect((await p.api('POST', '/devices', { id: 'env-3', type: 'env_sensor' })).status).toBe(201);
  });

  it('defaults to 100 000 devices', async () => {
    p = await fakePlatform();
    expect(p.app.settings.maxDevices).toBe(100_000);
  });
});

describe('error logs are rate-limited like warnings', () => {
  it('logs a message that makes ingest fail once per interval, counting every one', async () => {
    const lines = await logged();
    await p.mqtt.deliver('tb/v1/env-1/status', { online: true, type: 'env_sensor' });
    p.app.twins.applyTelemetry = () => {
      throw new RangeError('boom');
    };
    for (let i = 0; i < 500; i++)
      await p.mqtt.deliver('tb/v1/env-1/telemetry', { seq: i, fields: { temperature: 20 } });
    expect(await rejected('internal_error')).toBe(500);
    const errors = lines.filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      err: { type: 'RangeError', message: 'boom' },
      msg: 'ingest failed on a message; it was dropped',
    });
  });

  it('logs a change history cannot encode once per interval, counting every one as dropped', async () => {
    const lines = await logged();
    await p.mqtt.deliver('tb/v1/env-1/status', { online: true, type: 'env_sensor' });
    // A change the edge would have refused (an event type with a backslash), put on the bus directly.
    for (let i = 0; i < 200; i++)
      p.app.twins.bus.emit({ kind: 'event', deviceId: 'env-1', ts: p.clock.t + i, event: { type: 'a\\b' } });
    const errors = lines.filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      msg: 'could not encode a change for history',
      kind: 'event',
      suppressedSinceLast: 0,
    });
    const text = (await p.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain('twinbench_history_dropped_lines_total 200');
  });
});
