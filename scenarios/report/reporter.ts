import type { ProgressEvent, SuiteResult } from '../suite/results.ts';

/** A report: follows the run live (onEvent) and/or writes files at the end (returns their paths). */
export interface Reporter {
  readonly name: string;
  onEvent?(event: ProgressEvent): void;
  onEnd?(result: SuiteResult, o: { outDir: string }): Promise<string[]>;
}

export type ReporterName = 'console' | 'junit' | 'html';
export const REPORTER_NAMES: readonly ReporterName[] = ['console', 'junit', 'html'];
