import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, health, note, scenario, twin, wait } from '../api/builders.ts';
import { fakeWorld } from '../engine/fake-world.test-helper.ts';
import type { ProgressEvent } from './results.ts';
import { runSuite } from './run-suite.ts';

/** runSuite with worlds of plain objects: the runner's own logic without a stack. */
function fakeSuite(extra: Parameters<typeof runSuite>[0] = {}) {
  const events: ProgressEvent[] = [];
  const worlds: ReturnType<typeof fakeWorld>[] = [];
  const w0 = fakeWorld();
  const run = runSuite({
    paths: [],
    reporters: [],
    clock: w0.clock,
    onProgress: (e) => events.push(e),
    openWorld: async (instance, o) => {
      const w = fakeWorld();
      w.data.twins.set(`${o.prefix}dev`, { telemetry: { ts: 0, fields: { state: 'on' } } });
      Object.assign(w.world, { clock: w0.clock, prefix: o.prefix });
      worlds.push(w);
      if (instance.name.includes('cannot open'))
        throw Object.assign(new Error('no platform'), { code: 'TB_ERR_SCENARIOS_PLATFORM_START' });
      return {
        world: w.world,
        platformLogs: () => ['a platform line'],
        fleetStats: () => ({}),
        close: async () => undefined,
      };
    },
    ...extra,
  });
  return { run, events, worlds };
}

describe('runSuite', () => {
  it('exits 0 when everything passes and reports progress live', async () => {
    const { run, events } = fakeSuite({
      scenarios: [
        scenario('one', {
          tags: ['quick'],
          steps: [eventually(twin({ device: 'dev', field: 'state', equals: 'on' }), '1s')],
        }),
        scenario('two', { tags: ['quick'], steps: [note('hi')] }),
      ],
    });
    const r = await run;
    expect(r.exitCode).toBe(0);
    expect(r.counts).toEqual({ total: 2, passed: 2, failed: 0, errors: 0, skipped: 0 });
    expect(events.map((e) => e.type)).toEqual([
      'suite-start',
      'scenario-start',
      'step',
      'step',
      'scenario-end',
      'scenario-start',
      'step',
      'step',
      'scenario-end',
      'suite-end',
    ]);
  });

  it('exits 1 when an expectation fails or a scenario errors, and attaches logs', async () => {
    const { run } = fakeSuite({
      scenarios: [
        scenario('fails', {
          steps: [eventually(twin({ device: 'dev', field: 'state', equals: 'off' }), '1s')],
        }),
        scenario('cannot open', { steps: [note('x')] }),
        scenario('passes', { steps: [note('x')] }),
      ],
      parallel: 3,
    });
    const r = await run;
    expect(r.exitCode).toBe(1);
    expect(r.scenarios.map((s) => [s.name, s.status])).toEqual([
      ['fails', 'failed'],
      ['cannot open', 'error'],
      ['passes', 'passed'],
    ]);
    expect(r.scenarios[0]?.logs?.platform).toEqual(['a platform line']);
    expect(r.scenarios[1]?.failures[0]?.message).toBe('setup failed: no platform');
  });

  it('gives each scenario its own prefix and database', async () => {
    const { run, worlds } = fakeSuite({
      scenarios: [scenario('a', { steps: [note('x')] }), scenario('b', { steps: [note('x')] })],
    });
    const r = await run;
    const [a, b] = r.scenarios;
    expect(a?.prefix).toMatch(/^[0-9a-f]{4}-1-$/);
    expect(b?.prefix).toMatch(/^[0-9a-f]{4}-2-$/);
    expect(a?.database).toMatch(/^tb_[0-9a-f]{4}_1$/);
    expect(worlds.map((w) => w.world.prefix)).toEqual([a?.prefix, b?.prefix]);
  });

  it('selects by tag, counts invalid files as failures, and exits 2 when nothing matches', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-suite-'));
    writeFileSync(join(dir, 'bad.yaml'), 'name: bad\nsteps:\n  - wait: soon\n');
    writeFileSync(join(dir, 'good.yaml'), 'name: good\ntags: [quick]\nsteps: [{ note: hi }]\n');
    writeFileSync(join(dir, 'slow.yaml'), 'name: slow\ntags: [slow]\nsteps: [{ wait: 1h }]\n');
    // Kinds another part registers: not needed when the file is not selected.
    writeFileSync(join(dir, 'hil.yaml'), 'name: hil\ntags: [hil]\nsteps: [{ hil.flash: {} }]\n');
    const { run } = fakeSuite({ paths: [dir], tags: ['quick'] });
    const r = await run;
    expect(r.scenarios.map((s) => s.name)).toEqual(['good']);
    expect(r.invalid.map((i) => i.message)).toEqual([
      `${join(dir, 'bad.yaml')} is not a valid scenario:\n  ${join(dir, 'bad.yaml')}:3:11: expected a duration: 500ms, 10s, 1.5m, 2h, 7d, 1w, 1h30m, or a number of milliseconds, got "soon"`,
    ]);
    expect(r.exitCode).toBe(1);
    const none = await fakeSuite({ paths: [dir], tags: ['nothing'] }).run;
    expect(none.exitCode).toBe(2);
    const all = await fakeSuite({ paths: [dir], tags: ['hil'] }).run;
    expect(all.invalid.map((i) => [i.code, i.file])).toEqual([
      ['TB_ERR_SCENARIOS_SCHEMA', join(dir, 'bad.yaml')],
      ['TB_ERR_SCENARIOS_UNKNOWN_STEP', join(dir, 'hil.yaml')],
    ]);
  });

  it('stops a scenario at its timeout', async () => {
    const { run } = fakeSuite({
      scenarios: [scenario('long', { timeout: '5s', steps: [wait('1h'), eventually(health(), '1s')] })],
    });
    const r = await run;
    expect(r.scenarios[0]?.status).toBe('error');
    expect(r.scenarios[0]?.failures[0]?.code).toBe('TB_ERR_SCENARIOS_SCENARIO_TIMEOUT');
    expect(r.scenarios[0]?.durationMs).toBe(5_000);
  });
});
