/**
 * A scenario compiled once when it loads (format/compile-plan.ts): kinds resolved to compiled steps,
 * durations in ms, references checked. The engine runs this and nothing else.
 */
import type { CompiledAction, CompiledCondition, SectionOpenContext } from '../steps/types.ts';

/** A `wait_until` gate, or an expectation's condition and window. */
export interface PlannedWait {
  readonly condition: CompiledCondition;
  readonly windowMs: number;
  /** Time between looks; default the condition's own (250 ms unless it says). */
  readonly pollMs?: number;
}

export type PlannedBody =
  | { readonly type: 'action'; readonly action: CompiledAction; readonly timeoutMs?: number }
  | (PlannedWait & {
      readonly type: 'expect';
      readonly mode: 'eventually' | 'always';
      readonly background: boolean;
      readonly soft: boolean;
    })
  | { readonly type: 'none' };

export interface PlannedStep {
  /** 0-based place in the timeline. */
  readonly index: number;
  readonly id?: string;
  /** The author's `name:`, when given. */
  readonly name?: string;
  /** The action key, eventually, always, wait_until, or delay (a step that only waits). */
  readonly kind: string;
  /** Words for reports: the name, or what the step does. */
  readonly label: string;
  /** Start this long after the timeline began (`at:`), ms. */
  readonly atMs?: number;
  /** Start when the step with this id ended (`after: id`); undefined: the previous step. */
  readonly after?: string;
  /** Added to the start, ms. */
  readonly delayMs: number;
  readonly gate?: PlannedWait;
  readonly body: PlannedBody;
}

/** A section (e.g. `hil`), compiled; `open` runs when the scenario starts. */
export interface PlannedSection {
  readonly key: string;
  readonly value: unknown;
  open?(ctx: SectionOpenContext): Promise<unknown>;
}

export interface ScenarioPlan {
  readonly steps: readonly PlannedStep[];
  readonly sections: readonly PlannedSection[];
  /** The whole scenario's timeout, ms (default 10 min). */
  readonly timeoutMs: number;
  /** Runs alone: asked for, or implied by a step (restarting the broker) or a section. */
  readonly exclusive: boolean;
}
