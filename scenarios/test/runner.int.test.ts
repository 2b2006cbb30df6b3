// The runner against a real stack and real platform processes: scenarios that must pass, and scenarios
// that MUST fail, with the right message, status and exit code.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type StartedStack, type StackMode } from '../../stack/index.ts';
import { runSuite, type SuiteResult } from '../index.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
let stack: StartedStack;

beforeAll(async () => {
  stack = await startStack({ mode: (process.env.TWINBENCH_TEST_STACK as StackMode | undefined) ?? 'auto' });
});
afterAll(async () => {
  await stack?.stop();
});

const run = (paths: string[], extra: Parameters<typeof runSuite>[0] = {}) =>
  runSuite({ paths, stack, reporters: [], parallel: 2, ...extra });

const byName = (r: SuiteResult, name: string) => {
  const s = r.scenarios.find((x) => x.name === name);
  if (!s) throw new Error(`no result for ${name}: ${r.scenarios.map((x) => x.name).join(', ')}`);
  return s;
};

describe('the scenario runner', () => {
  it('passes a scenario that holds, from YAML and from the TypeScript API, and writes reports', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'tb-reports-'));
    const r = await run([fixture('passing'), fixture('ts-api')], { reporters: ['junit', 'html'], outDir });
    for (const s of r.scenarios) expect(s.failures.map((f) => f.message)).toEqual([]);
    expect(r.counts).toMatchObject({ total: 2, passed: 2 });
    expect(r.exitCode).toBe(0);
    const junit = readFileSync(join(outDir, 'junit.xml'), 'utf8');
    expect(junit).toContain(
      '<testcase classname="scenarios/test/fixtures/passing/scenario.yaml" name="a raw device reaches its twin"',
    );
    const html = readFileSync(join(outDir, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|src="http/);
  });

  it('fails a wrong expectation with the expected value, the actual one and the events before', async () => {
    const r = await run([fixture('wrong-expectation')]);
    const s = byName(r, 'a wrong expectation fails');
    expect(s.status).toBe('failed');
    expect(r.exitCode).toBe(1);
    const f = s.failures[0];
    expect(f?.code).toBe('TB_ERR_SCENARIOS_EXPECTATION_FAILED');
    expect(f?.message).toMatch(
      /^eventually twin raw-1 temperature equals 99 \(within 2s\)\n {2}not true after 2s: actual 21\.5\n/,
    );
    expect(f?.message).toMatch(
      /events before:[\s\S]*published 1 message\(s\) to tb\/v1\/\w+-1-raw-1\/telemetry/,
    );
    expect(s.steps.map((x) => x.status)).toEqual(['passed', 'passed', 'failed', 'skipped']);
    expect(s.logs?.platform).toBeDefined();
  });

  it('times out a wait_until and a scenario past its timeout', async () => {
    const r = await run([fixture('wait-timeout'), fixture('scenario-timeout')]);
    const wait = byName(r, 'a wait that never ends times out');
    expect(wait.status).toBe('failed');
    expect(wait.failures[0]?.code).toBe('TB_ERR_SCENARIOS_WAIT_TIMEOUT');
    expect(wait.failures[0]?.message).toMatch(
      /^wait until nobody is online \(within 2s\)\n {2}not true after 2s: actual absent\n {2}detail: the platform does not know \w+-\d-nobody/,
    );
    const long = byName(r, 'a scenario past its timeout is stopped');
    expect(long.status).toBe('error');
    expect(long.failures[0]?.code).toBe('TB_ERR_SCENARIOS_SCENARIO_TIMEOUT');
    expect(long.failures[0]?.message).toContain('the scenario ran past its timeout of 2s');
    // Stopped at 2 s: from the timeline's start to the end of clean-up (the platform's start-up before
    // the timeline is the machine's speed, not the timeout's).
    expect(long.startedAt + long.durationMs - (long.timelineStart ?? long.startedAt)).toBeLessThan(10_000);
    expect(r.exitCode).toBe(1);
  });

  it('fails when the platform is down, and errors when it cannot start', async () => {
    const r = await run([fixture('platform-down'), fixture('platform-wont-start')]);
    const down = byName(r, 'expectations fail when the platform is down');
    expect(down.status).toBe('failed');
    expect(down.failures[0]?.message).toMatch(
      /the check failed: the platform at http:\/\/127\.0\.0\.1:\d+ did not answer GET \/health \(ECONNREFUSED\)/,
    );
    const wont = byName(r, 'a platform that cannot start errors the scenario');
    expect(wont.status).toBe('error');
    expect(wont.failures[0]?.code).toBe('TB_ERR_SCENARIOS_PLATFORM_START');
    expect(wont.failures[0]?.message).toMatch(
      /setup failed: the scenario's platform did not start: .*heartbeatTimeoutMs/s,
    );
    expect(r.exitCode).toBe(1);
  });

  it('counts an invalid file as a failure with file:line:col, and no match as exit code 2', async () => {
    const r = await run([fixture('invalid-file'), fixture('passing')]);
    expect(r.invalid).toHaveLength(1);
    expect(r.invalid[0]?.message).toContain('invalid-file/scenario.yaml:3:84: expected a duration');
    expect(r.exitCode).toBe(1);
    const none = await run([fixture('passing')], { tags: ['no-such-tag'] });
    expect(none.exitCode).toBe(2);
    expect(none.error).toContain('TB_ERR_SCENARIOS_NO_SCENARIOS');
  });
});
