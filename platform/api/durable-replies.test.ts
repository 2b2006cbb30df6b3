// A REST change is answered only once what it changed is in the database (issue 15): fake database.
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryWriter } from '../history/writer.ts';
import { FakeHistoryPort } from '../ports/fake-history-port.ts';
import { fakePlatform, type FakePlatform } from '../ports/fake-platform.ts';
import { durableReplies } from './durable-replies.ts';
import { errorHandler } from './error-handler.ts';

let p: FakePlatform | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The fake platform with a registered breaker; a flush interval far longer than any answer here. */
async function breaker(): Promise<FakePlatform> {
  p = await fakePlatform({ history: { flushIntervalMs: 60_000 } });
  await p.mqtt.deliver('tb/v1/brk-1/status', { online: true, type: 'smart_breaker' });
  await p.app.history.writer.flush();
  return p;
}

describe('durable replies', () => {
  it('answers a shadow change, a command and a registration only once their lines are stored', async () => {
    const { app, history } = await breaker();
    const stored = () => history.lines.length;
    const before = stored();
    const update = await app.inject({
      method: 'PATCH',
      url: '/devices/brk-1/desired',
      payload: { closed: false },
    });
    expect(update.statusCode).toBe(200);
    expect(history.of('shadow')).toHaveLength(1);
    const command = await app.inject({
      method: 'POST',
      url: '/devices/brk-1/commands',
      payload: { id: 'c1', name: 'open' },
    });
    expect(command.statusCode).toBe(202);
    expect(history.of('commands').join()).toMatch(/status="pending"/);
    const added = await app.inject({
      method: 'POST',
      url: '/devices',
      payload: { id: 'env-9', type: 'env_sensor' },
    });
    expect(added.statusCode).toBe(201);
    expect(history.of('devices').join()).toContain('env-9');
    const deleted = await app.inject({ method: 'DELETE', url: '/devices/brk-1/shadow' });
    expect(deleted.statusCode).toBe(200);
    expect(history.of('shadow').at(-1)).toMatch(/deleted=true/);
    expect(stored()).toBeGreaterThan(before + 3);
  });

  it('holds the answer while the database is down and gives it once the change is stored', async () => {
    const { app, history } = await breaker();
    history.up = false;
    let answered = false;
    const reply = app
      .inject({ method: 'PATCH', url: '/devices/brk-1/desired', payload: { closed: true } })
      .then((r) => {
        answered = true;
        return r;
      });
    await sleep(300);
    expect(answered).toBe(false);
    expect(history.of('shadow')).toHaveLength(0);
    history.up = true;
    await app.history.writer.flush();
    expect((await reply).statusCode).toBe(200);
    expect(history.of('shadow')).toHaveLength(1);
  });

  it('leaves reads and refused changes alone', async () => {
    const { app, history } = await breaker();
    history.up = false;
    expect((await app.inject({ method: 'GET', url: '/devices/brk-1' })).statusCode).toBe(200);
    const bad = await app.inject({
      method: 'PATCH',
      url: '/devices/brk-1/desired',
      payload: { closed: 'x' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('answers 503 TB_ERR_PLATFORM_NOT_STORED, without internals, when the database does not take it in time', async () => {
    const port = new FakeHistoryPort();
    port.up = false;
    const writer = new HistoryWriter({ client: port, flushIntervalMs: 60_000 });
    const app = Fastify();
    app.setErrorHandler(errorHandler);
    app.decorate('settings', { now: () => 0 } as never);
    const history = fp(
      async (a) => {
        a.decorate('history', { writer } as never);
      },
      { name: 'tb-history' },
    );
    await app.register(history);
    await app.register(durableReplies, { timeoutMs: 50 });
    app.post('/thing', async () => {
      writer.push('thing v=1 1');
      return { ok: true };
    });
    const r = await app.inject({ method: 'POST', url: '/thing' });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toEqual({
      code: 'TB_ERR_PLATFORM_NOT_STORED',
      message: expect.stringMatching(/applied but is not stored yet.*InfluxDB/),
    });
    await writer.close(0);
    await app.close();
  });
});
