// A shadow request the broker delivers again after a crash (DUP) is not applied twice when the
// shadow point it made is stored: its mark travels on that point and is read back at start.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeHistoryPort } from '../ports/fake-history-port.ts';
import { fakePlatform, type FakePlatform } from '../ports/fake-platform.ts';
import { MessageMarks } from './message-marks.ts';

let p: FakePlatform;
afterEach(() => p?.close());

const UPDATE = '$aws/things/lamp-1/shadow/update';
const version = async () =>
  (await p.api<{ shadow?: { version: number } }>('GET', '/devices/lamp-1')).body.shadow?.version ?? 0;

describe('shadow request marks', () => {
  it('writes the mark on the shadow point and skips a redelivered request it already applied', async () => {
    p = await fakePlatform();
    const body = { state: { reported: { on: true } }, clientToken: 't1' };
    await p.mqtt.deliver(UPDATE, body);
    expect(await version()).toBe(1);
    await p.app.history.writer.flush();
    const mark = MessageMarks.of(UPDATE, Buffer.from(JSON.stringify(body)));
    expect(p.history.of('shadow')).toEqual([expect.stringContaining(`msg="${mark}"`)]);

    const again = await p.mqtt.deliver(UPDATE, body, { redelivered: true });
    await again.acked;
    expect(await version()).toBe(1);
    expect(p.mqtt.sent(`${UPDATE}/accepted`)).toHaveLength(1);
    // The same request sent again by the device (not a redelivery) is a new update.
    await p.mqtt.deliver(UPDATE, body);
    expect(await version()).toBe(2);
    // History answers do not show the mark.
    const hist = await p.api<{ columns: string[] }>('GET', '/devices/lamp-1/history?kind=shadow');
    expect(hist.body.columns ?? []).not.toContain('msg');
  });

  it('applies a redelivered request whose mark is unknown (its point was never stored)', async () => {
    p = await fakePlatform();
    await p.mqtt.deliver(UPDATE, { state: { reported: { on: false } } }, { redelivered: true });
    expect(await version()).toBe(1);
  });

  it('reads back the marks of the shadow points of the last minutes', async () => {
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
                [3, 'm2'],
              ],
            },
          ]
        : [];
    const marks = new MessageMarks();
    expect(await marks.restore(history)).toBe(2);
    expect(history.queries[0]).toMatch(/^SELECT "msg" FROM shadow WHERE time > now\(\) - 600000ms$/);
    expect([marks.applied('m1'), marks.applied('m2'), marks.applied('m3')]).toEqual([true, true, false]);
  });
});
