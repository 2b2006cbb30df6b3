// State that survives a restart (issue 15): commands in flight with their deadlines, and a deleted
// shadow's version, after the platform is killed (SIGKILL) and started again on the same stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness, type TestDevice } from './harness.ts';

let h: Harness;
let brk: TestDevice;

beforeAll(async () => {
  h = await startHarness({ history: { flushIntervalMs: 20 } });
  brk = await h.device('brk-9', { subscribe: ['tb/v1/brk-9/commands', '$aws/things/lamp-9/shadow/#'] });
  await brk.publish('tb/v1/brk-9/status', { online: true, type: 'smart_breaker' });
  await eventually(async () => expect((await h.api('/devices/brk-9')).status).toBe(200));
});
afterAll(() => h?.close());

interface Command {
  id: string;
  status: string;
  error?: string;
  createdAt: number;
  timeoutMs: number;
}

const queued = async () => (await h.api<{ history: { queued: number } }>('/health')).body.history.queued;

describe('state after a crash (SIGKILL) and restart', () => {
  it('keeps commands in flight: a response completes one, another times out at its original deadline', async () => {
    const send = (id: string, timeoutMs: number) =>
      h.api<Command>('/devices/brk-9/commands', { method: 'POST', body: { id, name: 'open', timeoutMs } });
    const long = await send('cmd-long', 60_000);
    const short = await send('cmd-short', 3_000);
    expect([long.status, short.status]).toEqual([202, 202]);
    await brk.next('tb/v1/brk-9/commands', (m) => (m.json as { id: string }).id === 'cmd-short');
    await eventually(async () => expect(await queued()).toBe(0));

    await h.restartPlatform('kill');

    const back = (await h.api<Command>('/commands/cmd-long')).body;
    expect(back).toMatchObject({
      id: 'cmd-long',
      status: 'pending',
      timeoutMs: 60_000,
      createdAt: long.body.createdAt,
    });
    // A retry with the same id is not sent again.
    const before = brk.received.filter((m) => m.topic === 'tb/v1/brk-9/commands').length;
    expect(
      (
        await h.api<Command>('/devices/brk-9/commands', {
          method: 'POST',
          body: { id: 'cmd-long', name: 'open' },
        })
      ).body.status,
    ).toBe('pending');
    await brk.publish('tb/v1/brk-9/commands/response', { id: 'cmd-long', status: 'succeeded' });
    await eventually(async () =>
      expect((await h.api<Command>('/commands/cmd-long')).body.status).toBe('succeeded'),
    );
    expect(brk.received.filter((m) => m.topic === 'tb/v1/brk-9/commands').length).toBe(before);

    const timedOut = await eventually(async () => {
      const c = (await h.api<Command>('/commands/cmd-short')).body;
      expect(c.status).toBe('timed_out');
      return c;
    }, 10_000);
    expect(timedOut.error).toBe('no final response within 3000 ms');
  });

  it("remembers a deleted shadow's version: created again, it goes on from it", async () => {
    for (let i = 0; i < 3; i++)
      await brk.publish('$aws/things/lamp-9/shadow/update', { state: { reported: { on: i % 2 === 0 } } });
    await brk.publish('$aws/things/lamp-9/shadow/delete', '');
    const deleted = await brk.next('$aws/things/lamp-9/shadow/delete/accepted');
    expect((deleted.json as { version: number }).version).toBe(3);
    await eventually(async () => expect(await queued()).toBe(0));

    await h.restartPlatform('kill');

    const acceptedTopic = '$aws/things/lamp-9/shadow/update/accepted';
    const seen = brk.received.filter((m) => m.topic === acceptedTopic).length;
    await brk.publish('$aws/things/lamp-9/shadow/update', { state: { reported: { on: true } } });
    const accepted = await eventually(() => {
      const after = brk.received.filter((m) => m.topic === acceptedTopic).slice(seen);
      expect(after).toHaveLength(1);
      return after[0]!.json as { version: number };
    });
    expect(accepted.version).toBe(4);
  });
});
