import Type, { type TSchema } from 'typebox';
import { tryParseDuration } from '../../twin/index.ts';
import type { PlannedSection, ScenarioPlan } from '../engine/plan.ts';
import { SCENARIOS_ERROR_CODES } from '../errors.ts';
import { stepRegistry, type StepRegistry } from '../steps/registry.ts';
import { CompileState, sectionValues, type CodedIssue } from './compile-context.ts';
import { compileSteps, guarded } from './compile-steps.ts';
import { schemaIssues } from './schema-issues.ts';
import { ScenarioProps } from './schema/scenario.ts';

type Obj = Record<string, unknown>;
const isMap = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const DEFAULT_SCENARIO_TIMEOUT_MS = 10 * 60_000;

/**
 * The scenario's keys, its registered sections, and steps as maps: each step is then checked by its own
 * module (compile-steps.ts), so an unknown kind is named as such rather than lost in a union.
 */
function frameSchema(registry: StepRegistry): TSchema {
  return Type.Object(
    {
      ...ScenarioProps,
      ...Object.fromEntries(registry.sections().map((s) => [s.key, Type.Optional(s.schema)])),
      steps: Type.Array(Type.Unknown(), { minItems: 1 }),
    },
    { additionalProperties: false },
  );
}

export interface CompileOptions {
  file?: string;
  /** Default: the registry `registerAction` and friends add to. */
  registry?: StepRegistry;
  /** The document as read (with its source map), to tell compile functions which file a value is from. */
  source?: unknown;
}

/**
 * Checks a scenario document (parameters filled in) and compiles it into a plan, once: sections first,
 * then steps in order. Every problem comes back (with a JSON pointer; the loader adds file:line:col).
 */
export function compilePlan(doc: Obj, o: CompileOptions = {}): { plan: ScenarioPlan; issues: CodedIssue[] } {
  const registry = o.registry ?? stepRegistry;
  const fleetNames = (Array.isArray(doc.fleets) ? doc.fleets : [])
    .map((f) => (isMap(f) ? f.name : undefined))
    .filter((n): n is string => typeof n === 'string');
  const state = new CompileState(o.file, fleetNames, o.source ?? doc);
  const frame = schemaIssues(frameSchema(registry), doc);
  for (const i of frame)
    if (!i.path.startsWith('/steps/')) state.add(SCENARIOS_ERROR_CODES.SCHEMA, i.path, i.message, i.atKey);
  const seen = new Set<string>();
  fleetNames.forEach((name, i) => {
    if (seen.has(name))
      state.add(SCENARIOS_ERROR_CODES.BAD_REFERENCE, `/fleets/${i}/name`, `fleet '${name}' is defined twice`);
    seen.add(name);
  });

  // Sections: compiled before the steps, which may look at them.
  const values = new Map<string, unknown>();
  const sections: PlannedSection[] = [];
  let exclusiveSection = false;
  for (const module of registry.sections()) {
    if (doc[module.key] === undefined) continue;
    if (frame.some((i) => i.path === `/${module.key}` || i.path.startsWith(`/${module.key}/`))) continue;
    const value = guarded(state, `/${module.key}`, module.key, () =>
      module.compile(doc[module.key] as never, state.context(`/${module.key}`)),
    );
    values.set(module.key, value);
    exclusiveSection ||= module.exclusive?.(value as never) ?? false;
    const open = module.open;
    sections.push({
      key: module.key,
      value,
      ...(open ? { open: (ctx) => open.call(module, value as never, ctx) } : {}),
    });
  }

  const steps = Array.isArray(doc.steps)
    ? compileSteps(doc.steps, registry, state, sectionValues(values))
    : [];
  const exclusiveStep = (Array.isArray(doc.steps) ? doc.steps : []).some(
    (s) =>
      isMap(s) &&
      Object.entries(s).some(([k, v]) => {
        const module = registry.action(k);
        return module?.exclusive !== undefined && state.issues.length === 0 && module.exclusive(v as never);
      }),
  );
  const timeoutMs = tryParseDuration(doc.timeout) ?? DEFAULT_SCENARIO_TIMEOUT_MS;
  const exclusive = typeof doc.exclusive === 'boolean' ? doc.exclusive : exclusiveStep || exclusiveSection;
  return { plan: { steps, sections, timeoutMs, exclusive }, issues: state.issues };
}

/**
 * Compiles steps alone (no sections, no fleet specs: `fleets` are names the steps may use), for tests
 * and code that builds a timeline without a scenario file.
 */
export function compileTimeline(
  steps: readonly unknown[],
  o: { fleets?: readonly string[]; registry?: StepRegistry } = {},
): { plan: Pick<ScenarioPlan, 'steps' | 'sections'>; issues: CodedIssue[] } {
  const state = new CompileState(undefined, o.fleets ?? []);
  const planned = compileSteps(steps, o.registry ?? stepRegistry, state, sectionValues(new Map()));
  return { plan: { steps: planned, sections: [] }, issues: state.issues };
}
