import { describe, expect, it } from 'vitest';
import { Expect } from './expect.ts';
import { FakeData, fakeContext } from './fake-data.test-helper.ts';
import { compileMatchers } from './matchers.ts';
import { metricValue } from './prometheus.ts';

const T0 = 1_000_000_000_000;

describe('matchers', () => {
  it('combine and describe comparisons', () => {
    const m = compileMatchers({ gte: 1, lt: 60 });
    expect(m?.test(1)).toBe(true);
    expect(m?.test(60)).toBe(false);
    expect(m?.test('5')).toBe(false);
    expect(m?.describe()).toBe('>= 1 and < 60');
    expect(compileMatchers({ equals: { a: [1, { b: 2 }] } })?.test({ a: [1, { b: 2 }] })).toBe(true);
    expect(compileMatchers({ one_of: ['open', 'tripped'] })?.test('tripped')).toBe(true);
    expect(compileMatchers({ between: [1, 2] })?.describe()).toBe('between 1 and 2');
    expect(compileMatchers({ exists: false })?.test(undefined)).toBe(true);
    expect(compileMatchers({ matches: '^1\\.' })?.test('1.2.0')).toBe(true);
  });
});

describe('conditions', () => {
  it('twin: reads a telemetry field, a reported key or any path', async () => {
    const data = new FakeData();
    const ctx = fakeContext(data);
    const c = Expect.twin({ device: 'brk', field: 'breaker_state', equals: 'tripped' });
    expect(await c.sample(ctx)).toMatchObject({
      ok: false,
      actual: undefined,
      detail: 'the platform has no twin p-brk (404)',
    });
    data.twins.set('p-brk', {
      telemetry: { ts: T0, fields: { breaker_state: 'tripped' } },
      shadow: { state: { reported: { closed: false } } },
    });
    expect(await c.sample(ctx)).toEqual({ ok: true, actual: 'tripped' });
    expect(await Expect.twin({ device: 'brk', reported: 'closed', equals: false }).sample(ctx)).toEqual({
      ok: true,
      actual: false,
    });
    expect(c.describe()).toBe('twin brk breaker_state equals "tripped"');
  });

  it('delta: empty once desired is reported', async () => {
    const data = new FakeData();
    const ctx = fakeContext(data);
    data.twins.set('p-s', { shadow: { state: { desired: { interval_s: 5 }, delta: { interval_s: 5 } } } });
    const empty = Expect.delta({ device: 's', empty: true });
    expect((await empty.sample(ctx)).ok).toBe(false);
    expect((await Expect.delta({ device: 's', key: 'interval_s', equals: 5 }).sample(ctx)).ok).toBe(true);
    data.twins.set('p-s', { shadow: { state: { desired: { interval_s: 5 }, reported: { interval_s: 5 } } } });
    expect(await empty.sample(ctx)).toEqual({ ok: true, actual: {} });
  });

  it('online: one device, every device of a fleet, or a count', async () => {
    const data = new FakeData();
    const ctx = fakeContext(data, { fleets: { f: ['a', 'b', 'c'] } });
    data.online.set('a', true).set('b', false).set('p-x', false);
    expect(await Expect.online({ device: 'x', equals: false }).sample(ctx)).toEqual({
      ok: true,
      actual: false,
    });
    const all = await Expect.online({ devices: { fleet: 'f' } }).sample(ctx);
    expect(all).toEqual({
      ok: false,
      actual: 1,
      detail: '1/3; not online: b, c (1 unknown to the platform)',
    });
    expect((await Expect.online({ devices: { fleet: 'f' }, count: { gte: 1 } }).sample(ctx)).ok).toBe(true);
  });

  it('history: aggregates a field over a window ending at the latest telemetry', async () => {
    const data = new FakeData();
    const ctx = fakeContext(data);
    data.twins.set('p-b', { telemetry: { ts: T0 + 60_000, fields: {} } });
    data.setHistory(
      'p-b',
      'telemetry',
      ['time', 'current_a'],
      [
        [T0 + 31_000, 10],
        [T0 + 40_000, 50],
        [T0 + 50_000, 30],
      ],
    );
    const c = Expect.history({ device: 'b', field: 'current_a', agg: 'max', window: '30s', gt: 40 });
    const s = await c.sample(ctx);
    expect(s).toMatchObject({ ok: true, actual: 50 });
    expect(s.series).toHaveLength(3);
    expect(data.queries[0]?.query).toEqual({
      kind: 'telemetry',
      fromMs: T0 + 30_000,
      toMs: T0 + 60_000,
      fields: ['current_a'],
    });
    expect(
      (await Expect.history({ device: 'b', field: 'current_a', agg: 'mean', equals: 30 }).sample(ctx)).ok,
    ).toBe(true);
    expect(
      (await Expect.history({ device: 'b', field: 'current_a', agg: 'count', equals: 3 }).sample(ctx)).ok,
    ).toBe(true);
  });

  it('event: counts events of a type, with details', async () => {
    const data = new FakeData();
    const ctx = fakeContext(data);
    data.setHistory(
      'p-b',
      'events',
      ['time', 'data', 'type'],
      [
        [T0, JSON.stringify({ type: 'trip', cause: 'thermal' }), 'trip'],
        [T0, JSON.stringify({ type: 'reboot' }), 'reboot'],
      ],
    );
    expect((await Expect.event({ device: 'b', type: 'trip' }).sample(ctx)).ok).toBe(true);
    const magnetic = await Expect.event({ device: 'b', type: 'trip', where: { cause: 'magnetic' } }).sample(
      ctx,
    );
    expect(magnetic).toEqual({ ok: false, actual: 0, detail: '2 event(s) in history (types: trip, reboot)' });
  });

  it('command: status and latency of a command sent earlier', async () => {
    const data = new FakeData();
    const ctx = fakeContext(data, { commands: { reset: 'cmd-1' } });
    const c = Expect.command({ ref: 'reset', status: 'succeeded', latency_ms: { lt: 500 } });
    expect(await c.sample(ctx)).toMatchObject({
      ok: false,
      detail: 'the platform does not track command cmd-1 (404)',
    });
    data.commands.set('cmd-1', { id: 'cmd-1', status: 'succeeded', latencyMs: 800 });
    expect(await c.sample(ctx)).toEqual({ ok: false, actual: { status: 'succeeded', latencyMs: 800 } });
    data.commands.set('cmd-1', { id: 'cmd-1', status: 'succeeded', latencyMs: 80 });
    expect((await c.sample(ctx)).ok).toBe(true);
    expect(await Expect.command({ ref: 'other', status: 'failed' }).sample(ctx)).toMatchObject({
      detail: 'command other was not sent',
    });
  });

  it('metric: sums labelled series, or compares the increase since it began', async () => {
    const data = new FakeData();
    const ctx = fakeContext(data);
    data.metricsText = [
      '# HELP twinbench_messages_rejected_total x',
      'twinbench_messages_rejected_total{reason="invalid_json"} 5',
      'twinbench_messages_rejected_total{reason="schema"} 2',
      'twinbench_messages_rejected_total_other 100',
    ].join('\n');
    expect(metricValue(data.metricsText, 'twinbench_messages_rejected_total')).toBe(7);
    const inc = Expect.metric({
      name: 'twinbench_messages_rejected_total',
      labels: { reason: 'invalid_json' },
      increase: true,
      gte: 10,
    });
    await inc.begin?.(ctx);
    data.metricsText = 'twinbench_messages_rejected_total{reason="invalid_json"} 16';
    expect(await inc.sample(ctx)).toEqual({ ok: true, actual: 11 });
  });

  it('loss: missing seq per device against what the fleet published', async () => {
    const data = new FakeData();
    const ctx = fakeContext(data, { fleets: { f: ['a', 'b'] } });
    data.setHistory(
      'a',
      'telemetry',
      ['time', '_seq'],
      [
        [1, 1],
        [2, 2],
        [3, 3],
      ],
    );
    data.setHistory(
      'b',
      'telemetry',
      ['time', '_seq'],
      [
        [1, 1],
        [3, 3],
        [3, 3],
      ],
    );
    const c = Expect.loss({ fleet: 'f' });
    expect(await c.sample(ctx)).toEqual({
      ok: false,
      actual: 1,
      detail: '2 device(s); published unknown, in history 5; missing most: b (1: seq 2)',
    });
    data.publishedBy.f = { perDevice: { a: 4, b: 3 } };
    const s = await c.sample(ctx);
    expect(s.actual).toBe(2);
    expect(s.detail).toBe('2 device(s); published 7, in history 5; missing most: a (1: seq 4), b (1: seq 2)');
  });

  it('health: 200 or not', async () => {
    const data = new FakeData();
    const ctx = fakeContext(data);
    expect((await Expect.health({}).sample(ctx)).ok).toBe(true);
    data.healthStatus = 503;
    expect((await Expect.health({ ok: false }).sample(ctx)).ok).toBe(true);
  });
});
