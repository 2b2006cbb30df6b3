import Type, { type TSchema } from 'typebox';
import { SCENARIOS_ERROR_CODES, codeOf } from '../errors.ts';
import type { PlannedBody, PlannedStep, PlannedWait } from '../engine/plan.ts';
import { Always, Eventually } from '../expect/temporal.ts';
import {
  EXPECTATION_KEYS,
  EXPECTATION_OPTION_KEYS,
  TIMING_KEYS,
  type StepRegistry,
} from '../steps/registry.ts';
import type { CompiledCondition, SectionValues } from '../steps/types.ts';
import { closest, type CompileState } from './compile-context.ts';
import { schemaIssues } from './schema-issues.ts';
import { Duration, Name } from './schema/common.ts';

type Obj = Record<string, unknown>;
const isMap = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** When a step starts; every step may have these next to its action (wait_until is checked on its own). */
export const TimingProps = {
  id: Type.Optional(Name),
  name: Type.Optional(Type.String({ description: 'shown in reports; default: the action' })),
  at: Type.Optional(Duration),
  after: Type.Optional(
    Type.String({ description: "'previous' (default) or the id of an earlier step: start when it ended" }),
  ),
  delay: Type.Optional(Duration),
  timeout: Type.Optional(Duration),
};
const Timing = Type.Object(TimingProps, { additionalProperties: false });

const Poll = { poll: Type.Optional(Duration) };
const ExpectFlags = {
  ...Poll,
  background: Type.Optional(
    Type.Boolean({ description: 'run alongside the next steps; checked before the scenario ends' }),
  ),
  soft: Type.Optional(Type.Boolean({ description: 'a failure does not stop the scenario' })),
};

/** The options of each temporal mode, besides its one condition. */
export const EXPECTATION_OPTIONS = {
  eventually: { within: Duration, ...ExpectFlags },
  always: { during: Duration, ...ExpectFlags },
  wait_until: { within: Type.Optional(Duration), ...Poll },
} satisfies Record<string, Record<string, TSchema>>;

type Mode = keyof typeof EXPECTATION_OPTIONS;
const DEFAULT_WAIT_MS = 30_000;

/**
 * A module's compile function, whose throw becomes a problem at the value (a module should call
 * `ctx.error`, but a rig file it cannot read must not crash the whole suite).
 */
export function guarded<T>(state: CompileState, at: string, key: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    state.add(codeOf(err, SCENARIOS_ERROR_CODES.SCHEMA), at, `${key}: ${(err as Error).message}`);
    return undefined;
  }
}

/** A namespaced kind (`hil.flash`) nobody registered: say where such kinds come from. */
function foreign(key: string): string {
  const dot = key.indexOf('.');
  return dot > 0
    ? ` ('${key.slice(0, dot)}.' kinds come from another part: twinbench run registers them; code that loads scenarios itself registers them first)`
    : '';
}

/** Compiles a scenario's steps, in order (names defined by a step are known to the later ones). */
export function compileSteps(
  steps: readonly unknown[],
  registry: StepRegistry,
  state: CompileState,
  sections: SectionValues,
): PlannedStep[] {
  const ids = new Set<string>();
  const out: PlannedStep[] = [];
  steps.forEach((step, index) => {
    const planned = compileStep(step, index, { registry, state, sections, ids });
    if (planned) out.push(planned);
  });
  return out;
}

interface Env {
  registry: StepRegistry;
  state: CompileState;
  sections: SectionValues;
  ids: Set<string>;
}

function kindsText(registry: StepRegistry): string {
  return `actions: ${registry
    .actions()
    .map((a) => a.key)
    .join(', ')}; expectations: eventually, always; gate: wait_until`;
}

function compileStep(step: unknown, index: number, env: Env): PlannedStep | undefined {
  const { registry, state } = env;
  const p = `/steps/${index}`;
  if (!isMap(step)) {
    state.add(SCENARIOS_ERROR_CODES.SCHEMA, p, 'expected a map: one action or expectation, and timing');
    return undefined;
  }
  const keys = Object.keys(step);
  const doing = keys.filter((k) => registry.action(k) || (EXPECTATION_KEYS as readonly string[]).includes(k));
  const unknown = keys.filter((k) => !doing.includes(k) && !(TIMING_KEYS as readonly string[]).includes(k));
  for (const k of unknown) {
    const known = [...registry.actions().map((a) => a.key), ...EXPECTATION_KEYS, ...TIMING_KEYS];
    const hint = closest(k, known);
    state.add(
      SCENARIOS_ERROR_CODES.UNKNOWN_STEP,
      `${p}/${esc(k)}`,
      `unknown step kind '${k}'${hint ? ` (did you mean '${hint}'?)` : foreign(k)}${state.once('kinds') ? `; ${kindsText(registry)}; timing: ${TIMING_KEYS.filter((t) => t !== 'include').join(', ')}` : ''}`,
      true,
    );
  }
  if (doing.length > 1)
    state.add(
      SCENARIOS_ERROR_CODES.SCHEMA,
      p,
      `a step holds one action; this one has ${doing.join(' and ')}: split it into steps`,
    );
  if (doing.length === 0 && unknown.length === 0 && step.wait_until === undefined && step.delay === undefined)
    state.add(
      SCENARIOS_ERROR_CODES.SCHEMA,
      p,
      `a step needs an action (${registry
        .actions()
        .map((a) => a.key)
        .join(', ')}), an expectation (eventually, always) or wait_until`,
    );

  // Timing
  const timing = Object.fromEntries(
    Object.entries(step).filter(
      ([k]) => (TIMING_KEYS as readonly string[]).includes(k) && k !== 'wait_until',
    ),
  );
  const timingIssues = schemaIssues(Timing, timing);
  for (const i of timingIssues) state.add(SCENARIOS_ERROR_CODES.SCHEMA, `${p}${i.path}`, i.message, i.atKey);
  const t = timing as {
    id?: string;
    name?: string;
    at?: string | number;
    after?: string;
    delay?: string | number;
    timeout?: string | number;
  };
  const ctx = state.context(p);
  if (t.at !== undefined && t.after !== undefined)
    ctx.badReference("a step starts either 'at' a time or 'after' a step, not both");
  if (typeof t.after === 'string' && t.after !== 'previous' && !env.ids.has(t.after))
    ctx.badReference(
      `'after: ${t.after}' names no earlier step id (ids so far: ${[...env.ids].join(', ') || 'none'}); use 'previous' or an id`,
      '/after',
    );
  const ms = (v: unknown, rel: string) => (timingIssues.length === 0 ? ctx.durationMs(v, rel) : 0);
  const atMs = t.at !== undefined ? ms(t.at, '/at') : undefined;
  const delayMs = t.delay !== undefined ? ms(t.delay, '/delay') : 0;
  const timeoutMs = t.timeout !== undefined ? ms(t.timeout, '/timeout') : undefined;

  const gate =
    step.wait_until !== undefined
      ? compileWait(step.wait_until, 'wait_until', `${p}/wait_until`, env)
      : undefined;

  const key = doing.length === 1 ? (doing[0] as string) : undefined;
  let body: PlannedBody = { type: 'none' };
  let kind = step.wait_until !== undefined ? 'wait_until' : 'delay';
  let label = kind === 'wait_until' ? 'wait' : `delay ${String(t.delay)}`;
  if (key === 'eventually' || key === 'always') {
    const e = compileWait(step[key], key, `${p}/${key}`, env);
    kind = key;
    if (e) {
      const v = step[key] as Obj;
      body = { type: 'expect', mode: key, ...e, background: v.background === true, soft: v.soft === true };
      label = (
        key === 'eventually' ? new Eventually(e.condition, e.windowMs) : new Always(e.condition, e.windowMs)
      ).title();
    }
  } else if (key !== undefined) {
    const module = registry.action(key);
    kind = key;
    if (module) {
      const value = step[key];
      const issues = schemaIssues(module.schema, value);
      for (const i of issues)
        state.add(SCENARIOS_ERROR_CODES.SCHEMA, `${p}/${esc(key)}${i.path}`, i.message, i.atKey);
      if (issues.length === 0) {
        const at = `${p}/${esc(key)}`;
        const action = guarded(state, at, key, () =>
          module.compile(value as never, state.stepContext(at, env.sections)),
        );
        const stepTimeout = timeoutMs ?? module.defaultTimeoutMs;
        if (action)
          body = { type: 'action', action, ...(stepTimeout !== undefined ? { timeoutMs: stepTimeout } : {}) };
        label = module.label(value as never);
      }
    }
  }
  const isAction = key !== undefined && key !== 'eventually' && key !== 'always';
  if (t.timeout !== undefined && !isAction)
    ctx.error("'timeout' bounds an action; an expectation has its own window (within, during)", '/timeout');
  if (typeof t.id === 'string') {
    if (env.ids.has(t.id)) ctx.badReference(`step id '${t.id}' is used twice`, '/id');
    env.ids.add(t.id);
  }
  return {
    index,
    ...(t.id !== undefined ? { id: t.id } : {}),
    ...(t.name !== undefined ? { name: t.name } : {}),
    kind,
    label: t.name ?? label,
    ...(atMs !== undefined ? { atMs } : {}),
    ...(typeof t.after === 'string' && t.after !== 'previous' ? { after: t.after } : {}),
    delayMs,
    ...(gate ? { gate } : {}),
    body,
  };
}

/** `eventually`, `always` or `wait_until`: one condition and the mode's options. */
function compileWait(value: unknown, mode: Mode, path: string, env: Env): PlannedWait | undefined {
  const { registry, state } = env;
  const conditionKeys = registry.conditions().map((c) => c.key);
  if (!isMap(value)) {
    state.add(
      SCENARIOS_ERROR_CODES.SCHEMA,
      path,
      `expected a map: one condition (${conditionKeys.join(', ')}) and ${mode === 'always' ? "'during'" : "'within'"}`,
    );
    return undefined;
  }
  const optionKeys = EXPECTATION_OPTION_KEYS as readonly string[];
  const keys = Object.keys(value).filter((k) => !optionKeys.includes(k));
  const found = keys.filter((k) => registry.condition(k));
  for (const k of keys.filter((x) => !registry.condition(x))) {
    const hint = closest(k, conditionKeys);
    state.add(
      SCENARIOS_ERROR_CODES.UNKNOWN_STEP,
      `${path}/${esc(k)}`,
      `unknown condition '${k}'${hint ? ` (did you mean '${hint}'?)` : ''}${state.once('conditions') ? `; conditions: ${conditionKeys.join(', ')}` : ''}`,
      true,
    );
  }
  if (found.length === 0 && keys.length === 0)
    state.add(SCENARIOS_ERROR_CODES.SCHEMA, path, `${mode} needs one condition: ${conditionKeys.join(', ')}`);
  if (found.length > 1)
    state.add(
      SCENARIOS_ERROR_CODES.SCHEMA,
      path,
      `${mode} holds one condition; found ${found.join(' and ')}: use one step each`,
    );
  const options = Object.fromEntries(Object.entries(value).filter(([k]) => optionKeys.includes(k)));
  const optionIssues = schemaIssues(
    Type.Object(EXPECTATION_OPTIONS[mode], { additionalProperties: false }),
    options,
  );
  for (const i of optionIssues)
    state.add(SCENARIOS_ERROR_CODES.SCHEMA, `${path}${i.path}`, i.message, i.atKey);
  const key = found.length === 1 ? (found[0] as string) : undefined;
  const module = key !== undefined ? registry.condition(key) : undefined;
  if (!module || key === undefined) return undefined;
  const spec = value[key];
  const issues = schemaIssues(module.schema, spec);
  for (const i of issues)
    state.add(SCENARIOS_ERROR_CODES.SCHEMA, `${path}/${esc(key)}${i.path}`, i.message, i.atKey);
  if (issues.length > 0 || optionIssues.length > 0) return undefined;
  const condition: CompiledCondition | undefined = guarded(state, `${path}/${esc(key)}`, key, () =>
    module.compile(spec as never, state.stepContext(`${path}/${esc(key)}`, env.sections)),
  );
  if (!condition) return undefined;
  const ctx = state.context(path);
  const window = mode === 'always' ? value.during : value.within;
  const windowMs =
    window !== undefined
      ? ctx.durationMs(window, mode === 'always' ? '/during' : '/within')
      : DEFAULT_WAIT_MS;
  return {
    condition,
    windowMs,
    ...(value.poll !== undefined ? { pollMs: ctx.durationMs(value.poll, '/poll') } : {}),
  };
}
