import type { Failure, StepResult } from '../engine/timeline.ts';
import type { LogEvent } from '../engine/event-log.ts';
import type { Params } from '../format/params.ts';

export type ScenarioStatus = 'passed' | 'failed' | 'error' | 'skipped';

/** Everything about one scenario run: what the reports show. */
export interface ScenarioResult {
  key: string;
  name: string;
  file?: string;
  row?: Params;
  tags: string[];
  status: ScenarioStatus;
  /** Epoch ms. */
  startedAt: number;
  durationMs: number;
  /** When the timeline began (its +0), epoch ms. */
  timelineStart?: number;
  prefix: string;
  database: string;
  steps: StepResult[];
  failures: Failure[];
  /** The event log (steps, actions, twin changes), oldest first. */
  events: LogEvent[];
  /** Attached when the scenario did not pass. */
  logs?: { platform: string[]; broker: string[] };
  fleets?: Record<string, Record<string, unknown>>;
}

export interface SuiteCounts {
  total: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
}

/** A file that could not be loaded (it counts as an error: CI must not pass on a broken scenario). */
export interface InvalidFile {
  file: string;
  code: string;
  message: string;
}

export interface SuiteResult {
  startedAt: number;
  durationMs: number;
  stackMode: string;
  scenarios: ScenarioResult[];
  invalid: InvalidFile[];
  counts: SuiteCounts;
  /** 0 all passed; 1 a scenario failed or errored, or a file is invalid; 2 the suite could not run. */
  exitCode: number;
  /** Report files written. */
  reports: string[];
  /** Why the suite could not run (exit code 2). */
  error?: string;
}

export type ProgressEvent =
  | { type: 'suite-start'; total: number; invalid: number }
  | { type: 'stack'; message: string }
  | { type: 'scenario-start'; key: string; name: string }
  | { type: 'step'; key: string; index: number; label: string; status: string; phase: 'start' | 'end' }
  | { type: 'scenario-end'; result: ScenarioResult }
  | { type: 'suite-end'; result: SuiteResult };

export function countResults(scenarios: readonly ScenarioResult[]): SuiteCounts {
  const by = (s: ScenarioStatus) => scenarios.filter((r) => r.status === s).length;
  return {
    total: scenarios.length,
    passed: by('passed'),
    failed: by('failed'),
    errors: by('error'),
    skipped: by('skipped'),
  };
}

export function exitCodeOf(counts: SuiteCounts, invalid: number): number {
  return counts.failed + counts.errors + invalid > 0 ? 1 : 0;
}
