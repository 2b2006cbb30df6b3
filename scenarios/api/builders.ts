/**
 * The TypeScript API: the same vocabulary as the YAML (same keys, same shapes), as functions. A
 * `*.scenario.ts` file default-exports `scenario(...)`; runSuite runs it on the same engine as YAML.
 *
 *   export default scenario('breaker trips', {
 *     tags: ['quick'],
 *     fleets: [{ name: 'breakers', groups: [{ type: 'smart_breaker', count: 1 }] }],
 *     steps: [
 *       inject({ kind: 'overload', amps: 96 }),
 *       eventually(twin({ device: 'brk-0001', field: 'breaker_state', equals: 'tripped' }), '10s'),
 *     ],
 *   });
 */
import type { Static } from 'typebox';
import type { DurationInput } from '../engine/duration.ts';
import type { ACTION_SCHEMAS } from '../format/schema/actions.ts';
import type { DeviceRef, Selector } from '../format/schema/common.ts';
import type { CONDITION_SCHEMAS } from '../format/schema/conditions.ts';
import type { FaultSpec } from '../engine/world.ts';
import type { ScenarioDoc } from '../format/schema/scenario.ts';

export const SCENARIO_KIND = 'twinbench.scenario';

/** A step: the same keys as in YAML (checked against the schema when the suite loads it). */
export type Step = Record<string, unknown>;

/** A scenario's body, as in YAML; `steps` are built with the functions below. */
export type ScenarioBody = Omit<ScenarioDoc, 'name' | 'steps'> & { steps: Step[] };

/** What `scenario()` returns and a `*.scenario.ts` module exports. */
export interface ScenarioDefinition {
  readonly kind: typeof SCENARIO_KIND;
  readonly doc: ScenarioBody & { name: string };
}

export function isScenarioDefinition(v: unknown): v is ScenarioDefinition {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === SCENARIO_KIND;
}

export function scenario(name: string, body: ScenarioBody): ScenarioDefinition {
  return { kind: SCENARIO_KIND, doc: { name, ...body } };
}

type A<K extends keyof typeof ACTION_SCHEMAS> = Static<(typeof ACTION_SCHEMAS)[K]>;
type C<K extends keyof typeof CONDITION_SCHEMAS> = Static<(typeof CONDITION_SCHEMAS)[K]>;
export type ConditionDoc = {
  [K in keyof typeof CONDITION_SCHEMAS]: { [P in K]: C<K> };
}[keyof typeof CONDITION_SCHEMAS];

// Timing
export const at = (time: DurationInput, step: Step): Step => ({ ...step, at: time });
export const after = (stepId: string, step: Step, delay?: DurationInput): Step => ({
  ...step,
  after: stepId,
  ...(delay !== undefined ? { delay } : {}),
});
export const named = (id: string, step: Step): Step => ({ ...step, id });

// Actions
export const startFleet = (name: string): Step => ({ start_fleet: name });
export const stopFleet = (name: string): Step => ({ stop_fleet: name });
export const inject = (fault: FaultSpec, o: Omit<A<'inject'>, 'fault'> = {}): Step => ({
  inject: { fault, ...o },
});
export const clearFault = (name: string): Step => ({ clear_fault: name });
export const setDesired = (device: Static<typeof DeviceRef>, state: Record<string, unknown>): Step => ({
  set_desired: { device, state },
});
export const setDesiredOn = (devices: Static<typeof Selector>, state: Record<string, unknown>): Step => ({
  set_desired: { devices, state },
});
export const sendCommand = (
  device: Static<typeof DeviceRef>,
  name: string,
  o: Omit<A<'send_command'>, 'device' | 'name'> = {},
): Step => ({ send_command: { device, name, ...o } });
export const restart = (service: A<'restart'>): Step => ({ restart: service });
export const stopPlatform = (how: 'stop' | 'kill' = 'stop'): Step => ({ stop_platform: how });
export const startPlatform = (): Step => ({ start_platform: true });
export const advance = (by: DurationInput, fleet?: string): Step => ({ advance: fleet ? { by, fleet } : by });
export const backfill = (o: A<'backfill'>): Step => ({ backfill: o });
export const publish = (o: A<'publish'>): Step => ({ publish: o });
export const wait = (d: DurationInput): Step => ({ wait: d });
export const note = (text: string): Step => ({ note: text });

type ExpectOptions = { poll?: DurationInput; background?: boolean; soft?: boolean };

// Expectations and gates
export const eventually = (condition: ConditionDoc, within: DurationInput, o: ExpectOptions = {}): Step => ({
  eventually: { ...condition, within, ...o },
});
export const always = (condition: ConditionDoc, during: DurationInput, o: ExpectOptions = {}): Step => ({
  always: { ...condition, during, ...o },
});
/** A gate: `waitUntil(online({device: 'x'}), '10s', setDesired(...))`; without a step, just the wait. */
export const waitUntil = (condition: ConditionDoc, within?: DurationInput, step: Step = {}): Step => ({
  ...step,
  wait_until: { ...condition, ...(within !== undefined ? { within } : {}) },
});

// Conditions: the YAML keys
export const twin = (spec: C<'twin'>): ConditionDoc => ({ twin: spec });
export const delta = (spec: C<'delta'>): ConditionDoc => ({ delta: spec });
export const online = (spec: C<'online'>): ConditionDoc => ({ online: spec });
export const history = (spec: C<'history'>): ConditionDoc => ({ history: spec });
export const event = (spec: C<'event'>): ConditionDoc => ({ event: spec });
export const command = (spec: C<'command'>): ConditionDoc => ({ command: spec });
export const metric = (spec: C<'metric'>): ConditionDoc => ({ metric: spec });
export const loss = (spec: C<'loss'>): ConditionDoc => ({ loss: spec });
export const health = (spec: C<'health'> = {}): ConditionDoc => ({ health: spec });
