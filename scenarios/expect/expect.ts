import type { Condition } from './condition.ts';
import { CommandCondition, type CommandSpec } from './conditions/command.ts';
import { DeltaCondition, type DeltaSpec } from './conditions/delta.ts';
import { EventCondition, type EventSpec } from './conditions/event.ts';
import { HealthCondition } from './conditions/health.ts';
import { HistoryCondition, type HistorySpec } from './conditions/history.ts';
import { LossCondition, type LossSpec } from './conditions/loss.ts';
import { MetricCondition, type MetricSpec } from './conditions/metric.ts';
import { OnlineCondition, type OnlineSpec } from './conditions/online.ts';
import { TwinCondition, type TwinSpec } from './conditions/twin.ts';
import { Always, Eventually, WaitUntil } from './temporal.ts';
import type { ConditionKey } from '../format/schema/conditions.ts';

/** One factory per YAML condition key. */
export const CONDITION_FACTORIES = {
  twin: (spec: TwinSpec) => new TwinCondition(spec),
  delta: (spec: DeltaSpec) => new DeltaCondition(spec),
  online: (spec: OnlineSpec) => new OnlineCondition(spec),
  history: (spec: HistorySpec) => new HistoryCondition(spec),
  event: (spec: EventSpec) => new EventCondition(spec),
  command: (spec: CommandSpec) => new CommandCondition(spec),
  metric: (spec: MetricSpec) => new MetricCondition(spec),
  loss: (spec: LossSpec) => new LossCondition(spec),
  health: (spec: { ok?: boolean }) => new HealthCondition(spec),
} satisfies { [K in ConditionKey]: (spec: never) => Condition };

/**
 * The facade (testcontainers' `Wait`): conditions by kind, and the temporal strategies around them.
 * `Expect.eventually(Expect.twin({ device: 'brk-0001', field: 'breaker_state', equals: 'tripped' }), 5_000)`
 */
export const Expect = {
  ...CONDITION_FACTORIES,
  eventually: (condition: Condition, withinMs: number) => new Eventually(condition, withinMs),
  always: (condition: Condition, duringMs: number) => new Always(condition, duringMs),
  waitUntil: (condition: Condition, withinMs: number) => new WaitUntil(condition, withinMs),
  /** The condition a YAML expectation holds (`{twin: {...}, within: 5s}` → the twin condition). */
  fromDoc(doc: Record<string, unknown>): Condition {
    const key = (Object.keys(CONDITION_FACTORIES) as ConditionKey[]).find((k) => doc[k] !== undefined);
    if (!key) throw new Error(`an expectation needs one of ${Object.keys(CONDITION_FACTORIES).join(', ')}`);
    return (CONDITION_FACTORIES[key] as (spec: unknown) => Condition)(doc[key]);
  },
};
