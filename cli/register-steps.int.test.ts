// A step kind added from outside scenarios/, the way hil/ adds its steps: through scenarios/index.ts only
// (registerSection, registerAction, registerCondition), then a YAML scenario using it runs end to end on
// a real stack and a real platform process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Type from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  registerAction,
  registerCondition,
  registerSection,
  runSuite,
  type ActionModule,
  type ConditionModule,
  type SectionModule,
} from '../scenarios/index.ts';
import { startStack, type StackMode, type StartedStack } from '../stack/index.ts';

/** What the probe section holds at run time: the last status the probe saw, and whether it was closed. */
interface Probe {
  label: string;
  lastStatus?: number;
  mqttUrl?: string;
}
const closed: string[] = [];

const probeSection: SectionModule<{ label: string }, string, Probe> = {
  key: 'probe',
  schema: Type.Object({ label: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  compile: (spec) => spec.label,
  async open(label, ctx) {
    ctx.defer(() => closed.push(label));
    return { label, mqttUrl: ctx.mqttUrl };
  },
};

const pingPlatform: ActionModule<{ path: string }> = {
  key: 'probe.ping-platform',
  schema: Type.Object({ path: Type.String({ pattern: '^/' }) }, { additionalProperties: false }),
  label: (spec) => `ping the platform at ${spec.path}`,
  compile(spec, ctx) {
    if (!ctx.sections.has('probe')) ctx.error("probe.ping-platform needs a 'probe:' section");
    return {
      async run({ platform, sections }) {
        const probe = sections.get<Probe>('probe') as Probe;
        const answer = await platform.api.request('GET', spec.path);
        probe.lastStatus = answer.status;
        return `${probe.label}: GET ${spec.path} answered ${answer.status}`;
      },
    };
  },
};

const lastStatus: ConditionModule<{ equals: number }> = {
  key: 'probe.last-status',
  schema: Type.Object({ equals: Type.Integer() }, { additionalProperties: false }),
  label: (spec) => `the probe's last status is ${spec.equals}`,
  compile: (spec) => ({
    kind: 'probe.last-status',
    describe: () => `the probe's last status is ${spec.equals}`,
    async sample({ sections }) {
      const actual = sections.get<Probe>('probe')?.lastStatus;
      return { ok: actual === spec.equals, actual };
    },
  }),
};

registerSection(probeSection);
registerAction(pingPlatform);
registerCondition(lastStatus);

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
    expect(closed).toEqual(['bench-1']);
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
