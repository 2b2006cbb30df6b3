import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../engine/clock.ts';
import { Expect } from './expect.ts';
import { FakeData, fakeContext } from './fake-data.test-helper.ts';

const T0 = 1_000_000_000_000;

describe('eventually and always', () => {
  it('eventually passes at the first good look', async () => {
    const clock = new VirtualClock(T0);
    const data = new FakeData();
    const ctx = fakeContext(data, { now: () => clock.now() });
    void clock
      .sleep(1_200)
      .then(() => data.twins.set('p-b', { telemetry: { ts: 0, fields: { state: 'tripped' } } }));
    const e = Expect.eventually(Expect.twin({ device: 'b', field: 'state', equals: 'tripped' }), 5_000);
    const out = await e.run(ctx, { clock, pollMs: 500 });
    expect(out.status).toBe('passed');
    expect(out.endedAt - out.startedAt).toBe(1_500);
    expect(out.samples.map((s) => s.ok)).toEqual([false, false, false, true]);
  });

  it('eventually fails after its window with the last value, looking once more at the deadline', async () => {
    const clock = new VirtualClock(T0);
    const data = new FakeData();
    data.twins.set('p-b', { telemetry: { ts: 0, fields: { state: 'closed' } } });
    const ctx = fakeContext(data, { now: () => clock.now() });
    const e = Expect.eventually(Expect.twin({ device: 'b', field: 'state', equals: 'tripped' }), 1_000);
    const out = await e.run(ctx, { clock, pollMs: 300 });
    expect(out.status).toBe('failed');
    expect(out.samples.map((s) => s.t - T0)).toEqual([0, 300, 600, 900, 1_000]);
    expect(out.title).toBe('eventually twin b state equals "tripped" (within 1s)');
    expect(out.reason).toBe('not true after 1s: actual "closed"');
  });

  it('always fails at the first bad look and passes after its window', async () => {
    const clock = new VirtualClock(T0);
    const data = new FakeData();
    data.online.set('p-s', true);
    const ctx = fakeContext(data, { now: () => clock.now() });
    const pass = await Expect.always(Expect.online({ device: 's' }), 2_000).run(ctx, { clock, pollMs: 500 });
    expect(pass.status).toBe('passed');
    expect(pass.endedAt - pass.startedAt).toBe(2_000);
    void clock.sleep(700).then(() => data.online.set('p-s', false));
    const fail = await Expect.always(Expect.online({ device: 's' }), 2_000).run(ctx, { clock, pollMs: 500 });
    expect(fail.status).toBe('failed');
    expect(fail.reason).toBe('violated after 1s: actual false');
  });

  it('a look that throws counts as a failed look and says why', async () => {
    const clock = new VirtualClock(T0);
    const data = new FakeData();
    data.down = new Error('platform at http://127.0.0.1:1 did not answer GET /devices (ECONNREFUSED)');
    const out = await Expect.eventually(Expect.health({}), 500).run(fakeContext(data), {
      clock,
      pollMs: 250,
    });
    expect(out.status).toBe('failed');
    expect(out.reason).toBe(
      'not true after 500ms: the check failed: platform at http://127.0.0.1:1 did not answer GET /devices (ECONNREFUSED)',
    );
  });
});
