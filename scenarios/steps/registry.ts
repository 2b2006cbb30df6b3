import { SCENARIOS_ERROR_CODES, ScenarioError } from '../errors.ts';
import { BUILTIN_ACTIONS, BUILTIN_CONDITIONS } from './builtin.ts';
import type { ActionModule, ConditionModule, SectionModule } from './types.ts';

/** Step keys: lower case words joined by `_`, with `-` and `.` (namespaces): `wait-serial`, `hil.flash`. */
export const STEP_KEY_PATTERN = /^[a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*$/;

/** Keys a step holds next to its action: no action or condition may use them. */
export const TIMING_KEYS = [
  'id',
  'name',
  'at',
  'after',
  'delay',
  'timeout',
  'wait_until',
  'include',
] as const;
/** The expectations: keys of a step, not actions. */
export const EXPECTATION_KEYS = ['eventually', 'always'] as const;
/** Keys of an expectation besides its condition. */
export const EXPECTATION_OPTION_KEYS = ['within', 'during', 'poll', 'background', 'soft'] as const;
/** The scenario's own top-level keys: no section may use them. */
export const SCENARIO_KEYS = [
  'name',
  'description',
  'tags',
  'exclusive',
  'timeout',
  'include',
  'params',
  'matrix',
  'stack',
  'platform',
  'fleets',
  'steps',
] as const;

type AnyAction = ActionModule<never>;
type AnyCondition = ConditionModule<never>;
type AnySection = SectionModule<never, unknown, unknown>;

const refuse = (message: string) => new ScenarioError(SCENARIOS_ERROR_CODES.REGISTRY, message);

/**
 * The step kinds a scenario may use: actions, conditions and top-level sections, one module each. The
 * loader checks and compiles scenarios with it and the JSON Schema is published from it; the engine never
 * looks at it (it runs compiled plans). Registering the same module twice is a no-op; another module
 * under a taken key is refused.
 */
export class StepRegistry {
  readonly #actions = new Map<string, AnyAction>();
  readonly #conditions = new Map<string, AnyCondition>();
  readonly #sections = new Map<string, AnySection>();

  constructor(
    o: {
      actions?: readonly AnyAction[];
      conditions?: readonly AnyCondition[];
      sections?: readonly AnySection[];
    } = {},
  ) {
    for (const a of o.actions ?? []) this.registerAction(a);
    for (const c of o.conditions ?? []) this.registerCondition(c);
    for (const s of o.sections ?? []) this.registerSection(s);
  }

  registerAction<Spec>(module: ActionModule<Spec>): void {
    this.#add('action', this.#actions, module as unknown as AnyAction, [...TIMING_KEYS, ...EXPECTATION_KEYS]);
  }

  registerCondition<Spec>(module: ConditionModule<Spec>): void {
    this.#add('condition', this.#conditions, module as unknown as AnyCondition, EXPECTATION_OPTION_KEYS);
  }

  registerSection<Spec, Compiled, Opened>(module: SectionModule<Spec, Compiled, Opened>): void {
    this.#add('section', this.#sections, module as unknown as AnySection, SCENARIO_KEYS);
  }

  action(key: string): AnyAction | undefined {
    return this.#actions.get(key);
  }

  condition(key: string): AnyCondition | undefined {
    return this.#conditions.get(key);
  }

  section(key: string): AnySection | undefined {
    return this.#sections.get(key);
  }

  /** In registration order: built-ins first. */
  actions(): AnyAction[] {
    return [...this.#actions.values()];
  }

  conditions(): AnyCondition[] {
    return [...this.#conditions.values()];
  }

  sections(): AnySection[] {
    return [...this.#sections.values()];
  }

  #add<M extends { key: string; schema: unknown }>(
    what: string,
    map: Map<string, M>,
    module: M,
    reserved: readonly string[],
  ): void {
    const key = module?.key;
    if (typeof key !== 'string' || !STEP_KEY_PATTERN.test(key))
      throw refuse(
        `cannot register ${what} '${String(key)}': a key is lower case letters, digits and _, joined by '-' or '.' (wait-serial, hil.flash)`,
      );
    if (reserved.includes(key))
      throw refuse(
        `cannot register ${what} '${key}': '${key}' is a scenario keyword here (${reserved.join(', ')})${key === 'delay' ? "; a step with only 'delay: 500ms' already waits, as Wokwi's delay does" : ''}; pick another key`,
      );
    if (typeof module.schema !== 'object' || module.schema === null)
      throw refuse(`cannot register ${what} '${key}': it has no TypeBox schema`);
    const taken = map.get(key);
    if (taken === module) return;
    if (taken) throw refuse(`cannot register ${what} '${key}': another ${what} is registered under that key`);
    map.set(key, module);
  }
}

/** The registry `loadScenario*`, `runSuite` and `publishedSchema` use unless given another. */
export const stepRegistry = new StepRegistry({ actions: BUILTIN_ACTIONS, conditions: BUILTIN_CONDITIONS });

/** Adds an action kind to the default registry (before loading the scenarios that use it). */
export function registerAction<Spec>(module: ActionModule<Spec>): void {
  stepRegistry.registerAction(module);
}

/** Adds a condition kind to the default registry. */
export function registerCondition<Spec>(module: ConditionModule<Spec>): void {
  stepRegistry.registerCondition(module);
}

/** Adds a top-level section kind to the default registry. */
export function registerSection<Spec, Compiled, Opened = Compiled>(
  module: SectionModule<Spec, Compiled, Opened>,
): void {
  stepRegistry.registerSection(module);
}
