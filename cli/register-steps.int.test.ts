// Step kinds added from outside scenarios/, the way hil/ adds its steps: through scenarios/index.ts only
// (register-steps.fixture.ts), then a YAML scenario using them runs end to end on a real stack and a
// real platform process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSuite } from '../scenarios/index.ts';
import { startStack, type StackMode, type StartedStack } from '../stack/index.ts';
import { closedProbes, registerProbeSteps } from './register-steps.fixture.ts';

registerProbeSteps();

let stack: StartedStack;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tb-register-steps-'));
  stack = await startStack({ mode: (process.env.TWINBENCH_TEST_STACK as StackMode | undefined) ?? 'auto' });
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a step kind registered from outside scenarios/', () => {
  it('runs in a YAML scenario end to end: section opened and closed, action, condition in eventually and always', async () => {
    const file = join(dir, 'probe.yaml');
    writeFileSync(
      file,
      `name: a registered step kind runs end to end
probe: { label: bench-1 }
steps:
  - probe.ping-platform: { path: /health }
    timeout: 10s
  - eventually: { probe.last-status: { equals: 200 }, within: 2s }
  - always: { probe.last-status: { equals: 200 }, during: 300ms, poll: 100ms }
`,
    );
    const r = await runSuite({ paths: [file], stack, reporters: [] });
    const s = r.scenarios[0];
    expect(s?.failures.map((f) => f.message)).toEqual([]);
    expect(s?.status).toBe('passed');
    expect(s?.steps.map((x) => [x.kind, x.status])).toEqual([
      ['probe.ping-platform', 'passed'],
      ['eventually', 'passed'],
      ['always', 'passed'],
    ]);
    expect(s?.steps[0]?.detail).toBe('bench-1: GET /health answered 200');
    expect(s?.steps[1]?.label).toBe("eventually the probe's last status is 200 (within 2s)");
    expect(closedProbes).toEqual(['bench-1']);
  });

  it('refuses an unknown kind at load with file:line:col, naming the registered ones', async () => {
    const file = join(dir, 'typo.yaml');
    writeFileSync(
      file,
      'name: typo\nprobe: { label: x }\nsteps:\n  - probe.ping-platfrom: { path: /health }\n',
    );
    const r = await runSuite({ paths: [file], stack, reporters: [] });
    expect(r.exitCode).not.toBe(0);
    expect(r.invalid[0]?.code).toBe('TB_ERR_SCENARIOS_UNKNOWN_STEP');
    expect(r.invalid[0]?.message).toContain(
      `${file}:4:5: unknown step kind 'probe.ping-platfrom' (did you mean 'probe.ping-platform'?)`,
    );
  });
});
