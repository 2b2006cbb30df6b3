import { CommandCondition, type CommandSpec } from '../steps/conditions/command.ts';
import { DeltaCondition, type DeltaSpec } from '../steps/conditions/delta.ts';
import { EventCondition, type EventSpec } from '../steps/conditions/event.ts';
import { HealthCondition, type HealthSpec } from '../steps/conditions/health.ts';
import { HistoryCondition, type HistorySpec } from '../steps/conditions/history.ts';
import { LossCondition, type LossSpec } from '../steps/conditions/loss.ts';
import { MetricCondition, type MetricSpec } from '../steps/conditions/metric.ts';
import { OnlineCondition, type OnlineSpec } from '../steps/conditions/online.ts';
import { TwinCondition, type TwinSpec } from '../steps/conditions/twin.ts';
import type { Condition } from './condition.ts';
import { Always, Eventually, WaitUntil } from './temporal.ts';

/**
 * The facade (testcontainers' `Wait`) for code that builds expectations directly: the built-in
 * conditions by kind, and the temporal strategies around them (any compiled condition fits).
 * `Expect.eventually(Expect.twin({ device: 'brk-0001', field: 'breaker_state', equals: 'tripped' }), 5_000)`
 */
export const Expect = {
  twin: (spec: TwinSpec) => new TwinCondition(spec),
  delta: (spec: DeltaSpec) => new DeltaCondition(spec),
  online: (spec: OnlineSpec) => new OnlineCondition(spec),
  history: (spec: HistorySpec) => new HistoryCondition(spec),
  event: (spec: EventSpec) => new EventCondition(spec),
  command: (spec: CommandSpec) => new CommandCondition(spec),
  metric: (spec: MetricSpec) => new MetricCondition(spec),
  loss: (spec: LossSpec) => new LossCondition(spec),
  health: (spec: HealthSpec) => new HealthCondition(spec),
  eventually: (condition: Condition, withinMs: number) => new Eventually(condition, withinMs),
  always: (condition: Condition, duringMs: number) => new Always(condition, duringMs),
  waitUntil: (condition: Condition, withinMs: number) => new WaitUntil(condition, withinMs),
};
