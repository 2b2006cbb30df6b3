// A device message the broker delivers again after a crash (DUP, with its first packet id) is not
// applied twice when what it made is stored: its mark travels on those points and is read back at start.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeHistoryPort } from '../ports/fake-history-port.ts';
import { fakePlatform, type FakePlatform } from '../ports/fake-platform.ts';
import { MessageMarks } from './message-marks.ts';

let p: FakePlatform;
afterEach(() => p?.close());

const UPDATE = '$aws/things/lamp-1/shadow/update';
const GW = 'tb/v1/gw-1/children';
const version = async () =>
  (await p.api<{ shadow?: { version: number } }>('GET', '/devices/lamp-1')).body.shadow?.version ?? 0;

/** Rejections counted so far (an `unknown_command` for a second response would show here). */
async function rejected(): Promise<string> {
  const text = (await p.app.inject({ method: 'GET', url: '/metrics' })).body;
  return text
    .split('\n')
    .filter((l) => l.startsWith('twinbench_messages_rejected_total{'))
    .join('\n');
}

/** A breaker, a gateway with two children, and a command in flight to the breaker and to a child. */
async function fleet(): Promise<void> {
  p = await fakePlatform();
  await p.mqtt.deliver('tb/v1/brk-1/status', { online: true, type: 'smart_breaker' });
  await p.mqtt.deliver('tb/v1/gw-1/status', { online: true, type: 'gateway' });
  for (const id of ['env-1', 'env-2'])
    await p.mqtt.deliver(`${GW}/connect`, { device: id, type: 'env_sensor' });
  expect((await p.api('POST', '/devices/brk-1/commands', { id: 'c1', name: 'open' })).status).toBe(202);
  expect((await p.api('POST', '/devices/env-1/commands', { id: 'c2', name: 'identify' })).status).toBe(202);
}

// Each changes something the first time; delivered again with its packet id, nothing.
const KINDS: [string, string, object][] = [
  ['a status (liveness transition)', 'tb/v1/brk-1/status', { online: false, reason: 'bye' }],
  ['an event without ts', 'tb/v1/brk-1/events', { type: 'trip', reason: 'overcurrent' }],
  ['a command response: delivered', 'tb/v1/brk-1/commands/response', { id: 'c1', status: 'delivered' }],
  ['a command response: succeeded', 'tb/v1/brk-1/commands/response', { id: 'c1', status: 'succeeded' }],
  ['a shadow update', '$aws/things/brk-1/shadow/update', { state: { reported: { closed: true } } }],
  ['a child disconnect', `${GW}/disconnect`, { device: 'env-2', reason: 'lost' }],
  ['a child event', `${GW}/events`, { device: 'env-1', event: { type: 'tamper' } }],
  ['a child command response', `${GW}/commands/response`, { device: 'env-1', id: 'c2', status: 'succeeded' }],
  [
    'a child shadow update',
    `${GW}/shadow/update`,
    { device: 'env-1', state: { reported: { interval_s: 9 } } },
  ],
];

describe('message marks', () => {
  it.each(KINDS)('%s delivered again after it was stored changes nothing', async (_name, topic, body) => {
    await fleet();
    const changes: unknown[] = [];
    p.app.twins.bus.on((c) => changes.push(c));
    const first = await p.mqtt.deliver(topic, body);
    await first.acked;
    expect(changes.length, 'the first copy changes something').toBeGreaterThan(0);
    const lines = p.history.lines.length;
    const marked = p.history.lines.slice(-changes.length);
    const mark = MessageMarks.of(topic, Buffer.from(JSON.stringify(body)), first.packetId);
    for (const line of marked) expect(line).toContain(`msg="${mark}"`);
    const before = { rejected: await rejected(), twins: (await p.api('GET', '/devices')).body };
    changes.length = 0;

    const again = await p.mqtt.deliver(topic, body, { redelivered: true, packetId: first.packetId });
    await again.acked;
    await p.app.history.writer.flush();
    expect(changes).toEqual([]);
    expect(p.history.lines.length).toBe(lines);
    expect(await rejected()).toBe(before.rejected);
    expect((await p.api('GET', '/devices')).body).toEqual(before.twins);
  });

  it('skips a redelivered shadow request it applied; the same request sent again by the device is new', async () => {
    p = await fakePlatform();
    const body = { state: { reported: { on: true } }, clientToken: 't1' };
    const first = await p.mqtt.deliver(UPDATE, body);
    expect(await version()).toBe(1);
    await p.mqtt.deliver(UPDATE, body, { redelivered: true, packetId: first.packetId });
    expect(await version()).toBe(1);
    expect(p.mqtt.sent(`${UPDATE}/accepted`)).toHaveLength(1);
    await p.mqtt.deliver(UPDATE, body);
    expect(await version()).toBe(2);
    // History answers do not show the mark.
    const hist = await p.api<{ columns: string[] }>('GET', '/devices/lamp-1/history?kind=shadow');
    expect(hist.body.columns ?? []).not.toContain('msg');
  });

  it('applies a redelivered copy of the same bytes under another packet id (on, off, on again)', async () => {
    p = await fakePlatform();
    const on = { state: { reported: { on: true } } };
    await p.mqtt.deliver(UPDATE, on, { packetId: 10 });
    await p.mqtt.deliver(UPDATE, { state: { reported: { on: false } } }, { packetId: 11 });
    // The third message was handled by nobody before the crash: same bytes as the first, its own id.
    await p.mqtt.deliver(UPDATE, on, { redelivered: true, packetId: 12 });
    expect(await version()).toBe(3);
    const twin = await p.api<{ shadow: { state: { reported: { on: boolean } } } }>('GET', '/devices/lamp-1');
    expect(twin.body.shadow.state.reported.on).toBe(true);
  });

  it('applies a redelivered message whose mark is unknown (its points were never stored)', async () => {
    p = await fakePlatform();
    await p.mqtt.deliver(UPDATE, { state: { reported: { on: false } } }, { redelivered: true });
    expect(await version()).toBe(1);
  });

  it('puts no mark on telemetry, and telemetry with ts delivered again is the same point', async () => {
    await fleet();
    const body = { ts: p.clock.t - 5, seq: 1, fields: { current_a: 3 } };
    const first = await p.mqtt.deliver('tb/v1/brk-1/telemetry', body);
    await first.acked;
    const line = p.history.lines.at(-1) as string;
    expect(line).toMatch(/^telemetry,/);
    expect(line).not.toContain('msg=');
    await (
      await p.mqtt.deliver('tb/v1/brk-1/telemetry', body, { redelivered: true })
    ).acked;
    await p.app.history.writer.flush();
    expect(p.history.lines.at(-1)).toBe(line);
  });

  it('reads back the marks of the points of the last minutes, every kind but telemetry', async () => {
    const history = new FakeHistoryPort();
    history.answer = (q) =>
      q.includes('"msg"')
        ? [
            {
              name: 'shadow',
              columns: ['time', 'msg'],
              values: [
                [1, 'm1'],
                [2, null],
              ],
            },
            { name: 'liveness', columns: ['time', 'msg'], values: [[3, 'm2']] },
          ]
        : [];
    const marks = new MessageMarks();
    expect(await marks.restore(history)).toBe(2);
    expect(history.queries[0]).toBe(
      'SELECT "msg" FROM shadow,liveness,events,commands,devices WHERE time > now() - 600000ms',
    );
    expect([marks.applied('m1'), marks.applied('m2'), marks.applied('m3')]).toEqual([true, true, false]);
  });
});
