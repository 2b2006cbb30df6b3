// Step kinds added from outside scenarios/ (as hil/ adds its own), through scenarios/index.ts only.
// Used by register-steps.int.test.ts and shown in docs/scenarios.md ("Adding a step kind").
import Type from 'typebox';
import {
  registerAction,
  registerCondition,
  registerSection,
  type ActionModule,
  type ConditionModule,
  type SectionModule,
} from '../scenarios/index.ts';

/** What `probe:` holds at run time: its label, and the last HTTP status the probe saw. */
export interface Probe {
  label: string;
  lastStatus?: number;
}
/** Labels of the probes closed at scenario end (by `ctx.defer`). */
export const closedProbes: string[] = [];

/** `probe: { label }`: a top-level section, compiled at load, opened at scenario start. */
export const probeSection: SectionModule<{ label: string }, string, Probe> = {
  key: 'probe',
  schema: Type.Object({ label: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  compile: (spec) => spec.label,
  async open(label, ctx) {
    ctx.defer(() => closedProbes.push(label));
    return { label };
  },
};

/** `- probe.ping-platform: { path: /health }`: an action. */
export const pingPlatform: ActionModule<{ path: string }> = {
  key: 'probe.ping-platform',
  schema: Type.Object({ path: Type.String({ pattern: '^/' }) }, { additionalProperties: false }),
  label: (spec) => `ping the platform at ${spec.path}`,
  compile(spec, ctx) {
    if (!ctx.sections.has('probe')) ctx.error("probe.ping-platform needs a 'probe:' section");
    return {
      async run({ platform, sections }) {
        const probe = sections.get<Probe>('probe') as Probe;
        probe.lastStatus = (await platform.api.request('GET', spec.path)).status;
        return `${probe.label}: GET ${spec.path} answered ${probe.lastStatus}`;
      },
    };
  },
};

/** `eventually: { probe.last-status: { equals: 200 }, within: 2s }`: a condition. */
export const lastStatus: ConditionModule<{ equals: number }> = {
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

/** What cli/ does for hil/ before it loads scenarios (and before publishing a JSON Schema with them). */
export function registerProbeSteps(): void {
  registerSection(probeSection);
  registerAction(pingPlatform);
  registerCondition(lastStatus);
}
