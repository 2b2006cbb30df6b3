import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { SCENARIOS_ERROR_CODES, ScenarioError } from '../errors.ts';
import { compilePlan, compileTimeline } from '../format/compile-plan.ts';
import { BUILTIN_ACTIONS, BUILTIN_CONDITIONS } from '../steps/builtin.ts';
import { StepRegistry } from '../steps/registry.ts';
import { fakeWorld } from './fake-world.test-helper.ts';
import { runTimeline } from './timeline.ts';

const T0 = 1_000_000_000_000;
/** Compiles the steps as the loader would (the world's fleets are the scenario's), then runs them. */
const run = (steps: Record<string, unknown>[], w = fakeWorld()) => {
  const { plan, issues } = compileTimeline(steps, { fleets: w.world.fleets.names() });
  if (issues.length > 0) throw new Error(issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return runTimeline(plan, w.world, new AbortController().signal).then((r) => ({ ...r, ...w }));
};

describe('the timeline', () => {
  it('starts steps at a time, after the previous one, after a named one, with delays', async () => {
    const r = await run([
      { at: '10s', note: 'a' },
      { id: 'w', wait: '5s' },
      { delay: '1s', note: 'b' },
      { at: '30s', note: 'c' },
      { after: 'w', delay: '2s', note: 'd' },
    ]);
    expect(r.steps.map((s) => [s.status, (s.startedAt ?? 0) - T0])).toEqual([
      ['passed', 10_000],
      ['passed', 10_000],
      ['passed', 16_000],
      ['passed', 30_000],
      ['passed', 30_000],
    ]);
    expect(r.log.all().some((e) => e.source === 'warn' && e.text.includes('late'))).toBe(false);
    expect(r.failures).toEqual([]);
  });

  it('gates a step on wait_until and fails with WAIT_TIMEOUT when it never holds', async () => {
    const w = fakeWorld();
    void w.clock.sleep(3_000).then(() => w.data.online.set('p-s', true));
    const r = await run(
      [
        {
          wait_until: { online: { device: 's' }, within: '10s' },
          set_desired: { device: 's', state: { interval_s: 5 } },
        },
        { wait_until: { online: { device: 's', equals: false }, within: '2s' }, note: 'never' },
        { note: 'skipped' },
      ],
      w,
    );
    expect(r.calls).toEqual([{ t: 3_000, what: 'set_desired', args: ['p-s', { interval_s: 5 }] }]);
    expect(r.steps.map((s) => s.status)).toEqual(['passed', 'failed', 'skipped']);
    expect(r.failures[0]?.code).toBe('TB_ERR_SCENARIOS_WAIT_TIMEOUT');
    expect(r.failures[0]?.message.split('\n')[0]).toBe('wait until s is offline (within 2s)');
  });

  it('stops at a failed expectation and explains it with the values seen and the events before', async () => {
    const r = await run(
      [
        { inject: { fault: { kind: 'overload', amps: 96 }, select: { ids: ['brk'] } } },
        {
          eventually: {
            twin: { device: 'brk', field: 'breaker_state', equals: 'tripped' },
            within: '2s',
            poll: '500ms',
          },
        },
        { note: 'never runs' },
      ],
      fakeWorld({ fleets: { breakers: ['p-brk'] } }),
    );
    expect(r.steps.map((s) => s.status)).toEqual(['passed', 'failed', 'skipped']);
    const failure = r.failures[0];
    expect(failure?.code).toBe('TB_ERR_SCENARIOS_EXPECTATION_FAILED');
    expect(failure?.message).toBe(
      [
        'eventually twin brk breaker_state equals "tripped" (within 2s)',
        '  not true after 2s: actual absent',
        '  detail: the platform has no twin p-brk (404)',
        '  looked 5 time(s) from +0ms to +2s:',
        '    +0ms … +2s  absent ×5',
        '  events before:',
        '    +0ms     action step 1: overload {"amps":96} on 1 device(s) of breakers (p-brk)',
      ].join('\n'),
    );
  });

  it('goes on after a soft failure', async () => {
    const r = await run([
      { eventually: { health: { ok: false }, within: '1s', soft: true } },
      { note: 'still runs' },
    ]);
    expect(r.steps.map((s) => s.status)).toEqual(['failed', 'passed']);
    expect(r.failures).toHaveLength(1);
  });

  it('checks a background expectation alongside later steps', async () => {
    const w = fakeWorld();
    w.data.online.set('p-s', true);
    const r = await run(
      [
        { always: { online: { device: 's' }, during: '10s', background: true, poll: '1s' } },
        { at: '4s', restart: 'broker' },
        { note: 'done' },
      ],
      w,
    );
    expect(r.calls).toEqual([{ t: 4_000, what: 'restart', args: ['broker'] }]);
    expect(r.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed']);
    expect(r.endedAt - T0).toBe(10_000);

    const w2 = fakeWorld();
    w2.data.online.set('p-s', true);
    void w2.clock.sleep(4_500).then(() => w2.data.online.set('p-s', false));
    const r2 = await run(
      [{ always: { online: { device: 's' }, during: '10s', background: true, poll: '1s' } }, { wait: '6s' }],
      w2,
    );
    expect(r2.steps[0]?.status).toBe('failed');
    expect(r2.failures[0]?.message).toContain('violated after 5s: actual false');
  });

  it('reports a failing action as an error with its code', async () => {
    const w = fakeWorld();
    w.world.platform.setDesired = async () => {
      throw new ScenarioError(
        SCENARIOS_ERROR_CODES.ACTION_FAILED,
        'PATCH /devices/p-x/desired answered 400: interval_s must be <= 3600',
      );
    };
    const r = await run(
      [{ set_desired: { device: 'x', state: { interval_s: 9999 } } }, { note: 'skipped' }],
      w,
    );
    expect(r.steps.map((s) => s.status)).toEqual(['error', 'skipped']);
    expect(r.failures[0]).toMatchObject({ kind: 'error', code: 'TB_ERR_SCENARIOS_ACTION_FAILED' });
    expect(r.failures[0]?.message).toContain('answered 400: interval_s must be <= 3600');
  });

  it('clears a fault after a while, and publishes numbered messages', async () => {
    const r = await run(
      [
        { inject: { fault: { kind: 'partition' }, clear_after: '3s' } },
        {
          publish: {
            device: 'x',
            kind: 'telemetry',
            payload: { seq: '{i}', note: 'n{i}' },
            count: 3,
            interval: '1s',
          },
        },
        { wait: '5s' },
      ],
      fakeWorld({ fleets: { f: ['p-a'] } }),
    );
    expect(r.calls.map((c) => [c.t, c.what, c.what === 'publish' ? c.args[1] : c.args[0]])).toEqual([
      [0, 'inject', 'f'],
      [0, 'publish', '{"seq":1,"note":"n1"}'],
      [1_000, 'publish', '{"seq":2,"note":"n2"}'],
      [2_000, 'publish', '{"seq":3,"note":"n3"}'],
      [3_000, 'clear', 'f'],
    ]);
  });

  it('resolves {fleet, n} devices and says when a fleet has no such device', async () => {
    const r = await run(
      [
        { send_command: { device: { fleet: 'f', n: 2 }, name: 'reset', as: 'c' } },
        { send_command: { device: { fleet: 'f', n: 5 }, name: 'reset' } },
      ],
      fakeWorld({ fleets: { f: ['p-a', 'p-b'] } }),
    );
    expect(r.calls[0]).toMatchObject({ what: 'send_command', args: ['p-b', { name: 'reset' }] });
    expect(r.failures[0]?.message).toContain('fleet f has 2 device(s); there is no device n=5');
  });

  it('ends an action at its step timeout, aborting the signal it was given', async () => {
    const w = fakeWorld();
    let sawAbort = false;
    const registry = new StepRegistry({ actions: BUILTIN_ACTIONS, conditions: BUILTIN_CONDITIONS });
    registry.registerAction<boolean>({
      key: 'hang',
      schema: Type.Boolean(),
      label: () => 'hang',
      compile: () => ({
        async run({ clock, signal }) {
          signal.addEventListener('abort', () => (sawAbort = true));
          await clock.sleep(3_600_000);
        },
      }),
    });
    const { plan, issues } = compileTimeline([{ hang: true, timeout: '2s' }, { note: 'skipped' }], {
      registry,
    });
    expect(issues).toEqual([]);
    const r = await runTimeline(plan, w.world, new AbortController().signal);
    expect(r.steps.map((s) => s.status)).toEqual(['error', 'skipped']);
    expect(r.failures[0]).toMatchObject({ code: 'TB_ERR_SCENARIOS_STEP_TIMEOUT', at: T0 + 2_000 });
    expect(r.failures[0]?.message).toContain('step 1 (hang) ran past its timeout of 2s');
    expect(sawAbort).toBe(true);
  });

  it('opens sections before the first step and runs deferred clean-ups at the end, last first', async () => {
    const w = fakeWorld();
    const order: string[] = [];
    const registry = new StepRegistry({ actions: BUILTIN_ACTIONS, conditions: BUILTIN_CONDITIONS });
    registry.registerSection<{ port: string }, string, { port: string; open: boolean }>({
      key: 'bench',
      schema: Type.Object({ port: Type.String() }),
      compile: (spec) => spec.port,
      async open(port, ctx) {
        order.push(`open ${port}`);
        ctx.defer(() => order.push(`close ${port}`));
        return { port, open: true };
      },
    });
    registry.registerAction<string>({
      key: 'bench.use',
      schema: Type.String(),
      label: (what) => `use ${what}`,
      compile: (what) => ({
        async run({ sections, defer }) {
          const bench = sections.get<{ port: string; open: boolean }>('bench');
          order.push(`use ${what} on ${bench?.port} (open: ${String(bench?.open)})`);
          defer(() => order.push(`release ${what}`));
          return `used ${what}`;
        },
      }),
    });
    const { plan, issues } = compilePlan(
      { name: 's', bench: { port: '/dev/ttyUSB0' }, steps: [{ 'bench.use': 'relay' }] },
      { registry },
    );
    expect(issues).toEqual([]);
    const r = await runTimeline(plan, w.world, new AbortController().signal);
    expect(r.failures).toEqual([]);
    expect(r.steps[0]).toMatchObject({ status: 'passed', label: 'use relay', detail: 'used relay' });
    expect(order).toEqual([
      'open /dev/ttyUSB0',
      'use relay on /dev/ttyUSB0 (open: true)',
      'release relay',
      'close /dev/ttyUSB0',
    ]);
  });

  it("treats a step with only 'delay' as a wait (Wokwi's delay)", async () => {
    const r = await run([{ delay: '500ms' }, { note: 'after' }]);
    expect(r.steps.map((s) => [s.kind, s.status, (s.startedAt ?? 0) - T0])).toEqual([
      ['delay', 'passed', 500],
      ['note', 'passed', 500],
    ]);
  });
});
