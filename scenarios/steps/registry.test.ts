import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../errors.test-helper.ts';
import { loadScenarioText } from '../format/load-scenario.ts';
import { publishedSchema } from '../format/publish-schema.ts';
import { BUILTIN_ACTIONS, BUILTIN_CONDITIONS } from './builtin.ts';
import { StepRegistry } from './registry.ts';
import type { ActionModule, ConditionModule, SectionModule } from './types.ts';

const FILE = '/virtual/main.yaml';
const fresh = () => new StepRegistry({ actions: BUILTIN_ACTIONS, conditions: BUILTIN_CONDITIONS });

const flash: ActionModule<{ dut: string; firmware: string }> = {
  key: 'hil.flash',
  schema: Type.Object({ dut: Type.String(), firmware: Type.String() }, { additionalProperties: false }),
  label: (s) => `flash ${s.firmware} onto ${s.dut}`,
  compile(spec, ctx) {
    const rig = ctx.sections.get<{ duts: string[] }>('rig');
    if (!rig) ctx.error("hil.flash needs a 'rig:' section");
    else if (!rig.duts.includes(spec.dut))
      ctx.badReference(`no dut '${spec.dut}' in the rig (duts: ${rig.duts.join(', ')})`, '/dut');
    return { run: async () => `flashed ${spec.dut}` };
  },
};

const waitSerial: ConditionModule<string> = {
  key: 'wait-serial',
  schema: Type.String({ minLength: 1 }),
  label: (text) => `serial shows ${text}`,
  compile: (text) => ({
    kind: 'wait-serial',
    describe: () => `serial shows ${JSON.stringify(text)}`,
    sample: async () => ({ ok: true, actual: text }),
  }),
};

const rig: SectionModule<{ duts: string[] }, { duts: string[] }> = {
  key: 'rig',
  schema: Type.Object({ duts: Type.Array(Type.String(), { minItems: 1 }) }, { additionalProperties: false }),
  compile: (spec) => ({ duts: spec.duts }),
  exclusive: () => true,
};

describe('the step registry', () => {
  it('takes dotted and dashed keys, and refuses keywords, bad keys and taken keys', () => {
    const r = fresh();
    r.registerAction(flash);
    r.registerAction(flash); // the same module again: nothing happens
    r.registerCondition(waitSerial);
    expect(r.action('hil.flash')).toBe(flash);
    expect(r.condition('wait-serial')).toBe(waitSerial);
    const refused = (fn: () => void) => errorOf(fn);
    expect(refused(() => r.registerAction({ ...flash })).message).toContain(
      'another action is registered under that key',
    );
    expect(refused(() => r.registerAction({ ...flash, key: 'delay' })).message).toContain(
      "a step with only 'delay: 500ms' already waits",
    );
    expect(refused(() => r.registerAction({ ...flash, key: 'Hil.Flash' })).code).toBe(
      'TB_ERR_SCENARIOS_REGISTRY',
    );
    expect(refused(() => r.registerCondition({ ...waitSerial, key: 'within' })).message).toContain(
      "'within' is a scenario keyword here",
    );
    expect(refused(() => r.registerSection({ ...rig, key: 'steps' })).message).toContain(
      "cannot register section 'steps'",
    );
  });

  it('compiles sections first, so steps can check their references against them', () => {
    const r = fresh();
    r.registerAction(flash);
    r.registerCondition(waitSerial);
    r.registerSection(rig);
    const [one] = loadScenarioText(
      `name: flash and wait
rig: { duts: [board-a] }
steps:
  - hil.flash: { dut: board-a, firmware: fw.bin }
    timeout: 2m
  - eventually: { wait-serial: ready, within: 5s }
`,
      FILE,
      undefined,
      { registry: r },
    );
    expect(one?.exclusive).toBe(true);
    expect(one?.plan.sections.map((s) => [s.key, s.value])).toEqual([['rig', { duts: ['board-a'] }]]);
    expect(one?.plan.steps.map((s) => [s.kind, s.label, s.body.type])).toEqual([
      ['hil.flash', 'flash fw.bin onto board-a', 'action'],
      ['eventually', 'eventually serial shows "ready" (within 5s)', 'expect'],
    ]);
    expect(one?.plan.steps[0]?.body).toMatchObject({ timeoutMs: 120_000 });
    const err = errorOf(() =>
      loadScenarioText(
        'name: x\nrig: { duts: [a] }\nsteps:\n  - hil.flash: { dut: b, firmware: f }\n',
        FILE,
        undefined,
        { registry: r },
      ),
    );
    expect(err.code).toBe('TB_ERR_SCENARIOS_BAD_REFERENCE');
    expect(err.message).toContain(`${FILE}:4:23: no dut 'b' in the rig (duts: a)`);
  });

  it('fails an unknown step kind or condition at load, with file:line:col and the kinds that exist', () => {
    const err = errorOf(() =>
      loadScenarioText(
        'name: x\nsteps:\n  - hil.flash: { dut: a }\n  - eventually: { twni: { device: a, field: t, equals: 1 }, within: 1s }\n',
        FILE,
      ),
    );
    expect(err.code).toBe('TB_ERR_SCENARIOS_UNKNOWN_STEP');
    const [first, second] = err.message
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
    expect(first).toMatch(
      new RegExp(
        `^${FILE}:3:5: unknown step kind 'hil.flash' \\('hil\\.' kinds come from another part: twinbench run registers them; code that loads scenarios itself registers them first\\); actions: start_fleet, stop_fleet, inject, .*, note; expectations: eventually, always; gate: wait_until`,
      ),
    );
    expect(second).toBe(
      `${FILE}:4:19: unknown condition 'twni' (did you mean 'twin'?); conditions: twin, delta, online, history, event, command, metric, loss, health`,
    );
  });

  it('publishes registered kinds in the JSON Schema', () => {
    const r = fresh();
    r.registerAction(flash);
    r.registerCondition(waitSerial);
    r.registerSection(rig);
    const schema = publishedSchema('scenario', r);
    const defs = schema.definitions as Record<string, unknown>;
    expect(defs).toHaveProperty('action_hil.flash');
    expect(defs).toHaveProperty('condition_wait-serial');
    expect(defs).toHaveProperty('section_rig');
    expect((schema.properties as Record<string, unknown>).rig).toEqual({ $ref: '#/definitions/section_rig' });
    expect(JSON.stringify(publishedSchema('scenario'))).not.toContain('hil.flash');
  });

  it('tells compile the file a step was written in, the scenario or the fragment it came from', () => {
    const r = fresh();
    const seen: (string | undefined)[] = [];
    r.registerAction<string>({
      key: 'where',
      schema: Type.String(),
      label: (s) => s,
      compile(_spec, ctx) {
        seen.push(ctx.file);
        return { run: async () => undefined };
      },
    });
    const read = (path: string) => {
      if (path !== '/virtual/frag/steps.yaml') throw new Error('ENOENT');
      return 'steps:\n  - where: there\n';
    };
    loadScenarioText('name: x\nsteps:\n  - where: here\n  - include: frag/steps.yaml\n', FILE, read, {
      registry: r,
    });
    expect(seen).toEqual([FILE, '/virtual/frag/steps.yaml']);
  });

  it("turns a module's throw into a problem at its step, and refuses 'timeout' on an expectation", () => {
    const r = fresh();
    r.registerAction<string>({
      key: 'rig.load',
      schema: Type.String(),
      label: (s) => s,
      compile(file) {
        throw new Error(`cannot read ${file}`);
      },
    });
    const err = errorOf(() =>
      loadScenarioText(
        'name: x\nsteps:\n  - rig.load: desk.yaml\n  - eventually: { health: {}, within: 1s }\n    timeout: 5s\n',
        FILE,
        undefined,
        { registry: r },
      ),
    );
    expect(
      err.message
        .split('\n')
        .slice(1)
        .map((l) => l.trim()),
    ).toEqual([
      `${FILE}:3:15: rig.load: cannot read desk.yaml`,
      `${FILE}:5:14: 'timeout' bounds an action; an expectation has its own window (within, during)`,
    ]);
  });
});
