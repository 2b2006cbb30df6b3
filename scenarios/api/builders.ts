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
import type { DurationInput } from '../../twin/index.ts';
import type { FaultSpec } from '../engine/world.ts';
import type { DeviceRef, Selector } from '../format/schema/common.ts';
import type { ScenarioDoc } from '../format/schema/scenario.ts';
import type { BackfillSpec } from '../steps/actions/backfill.ts';
import type { InjectSpec } from '../steps/actions/inject.ts';
import type { PublishSpec } from '../steps/actions/publish.ts';
import type { RestartSpec } from '../steps/actions/restart.ts';
import type { SendCommandSpec } from '../steps/actions/send-command.ts';
import type { CommandSpec } from '../steps/conditions/command.ts';
import type { DeltaSpec } from '../steps/conditions/delta.ts';
import type { EventSpec } from '../steps/conditions/event.ts';
import type { HealthSpec } from '../steps/conditions/health.ts';
import type { HistorySpec } from '../steps/conditions/history.ts';
import type { LossSpec } from '../steps/conditions/loss.ts';
import type { MetricSpec } from '../steps/conditions/metric.ts';
import type { OnlineSpec } from '../steps/conditions/online.ts';
import type { TwinSpec } from '../steps/conditions/twin.ts';

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

/** A built-in condition under its key (`{ twin: {...} }`), or a registered one (see `condition`). */
export type ConditionDoc =
  | { twin: TwinSpec }
  | { delta: DeltaSpec }
  | { online: OnlineSpec }
  | { history: HistorySpec }
  | { event: EventSpec }
  | { command: CommandSpec }
  | { metric: MetricSpec }
  | { loss: LossSpec }
  | { health: HealthSpec }
  | { readonly [registered: string]: unknown };

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
export const inject = (fault: FaultSpec, o: Omit<InjectSpec, 'fault'> = {}): Step => ({
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
  o: Omit<SendCommandSpec, 'device' | 'name'> = {},
): Step => ({ send_command: { device, name, ...o } });
export const restart = (service: RestartSpec): Step => ({ restart: service });
export const stopPlatform = (how: 'stop' | 'kill' = 'stop'): Step => ({ stop_platform: how });
export const startPlatform = (): Step => ({ start_platform: true });
export const advance = (by: DurationInput, fleet?: string): Step => ({ advance: fleet ? { by, fleet } : by });
export const backfill = (o: BackfillSpec): Step => ({ backfill: o });
export const publish = (o: PublishSpec): Step => ({ publish: o });
/** A registered action (from another part): `action('hil.flash', { dut: 'board', firmware: 'fw.bin' })`. */
export const action = (key: string, spec: unknown): Step => ({ [key]: spec });
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
export const twin = (spec: TwinSpec): ConditionDoc => ({ twin: spec });
export const delta = (spec: DeltaSpec): ConditionDoc => ({ delta: spec });
export const online = (spec: OnlineSpec): ConditionDoc => ({ online: spec });
export const history = (spec: HistorySpec): ConditionDoc => ({ history: spec });
export const event = (spec: EventSpec): ConditionDoc => ({ event: spec });
export const command = (spec: CommandSpec): ConditionDoc => ({ command: spec });
export const metric = (spec: MetricSpec): ConditionDoc => ({ metric: spec });
export const loss = (spec: LossSpec): ConditionDoc => ({ loss: spec });
export const health = (spec: HealthSpec = {}): ConditionDoc => ({ health: spec });
/** A registered condition (from another part): `condition('hil.serial', { dut: 'board', matches: 'ready' })`. */
export const condition = (key: string, spec: unknown): ConditionDoc => ({ [key]: spec });
