import type { DeviceRef, DeviceSelector } from '../../expect/condition.ts';
import type { FaultHandle, ScenarioWorld } from '../world.ts';

/** What an action handler gets: the world, names it may define or use, and a way to log. */
export interface ActionContext {
  readonly world: ScenarioWorld;
  readonly signal: AbortSignal;
  /** Fault handles by `as:` name. */
  readonly handles: Map<string, FaultHandle>;
  /** Command ids by `as:` name. */
  readonly commands: Map<string, string>;
  /** Work that continues after the step (a fault cleared later); awaited before the scenario ends. */
  background(task: Promise<unknown>): void;
  device(ref: DeviceRef): string;
  devices(selector: DeviceSelector): string[];
}

/** One handler per action key; returns words for the event log. */
export type ActionHandler<S> = (spec: S, ctx: ActionContext) => Promise<string>;
