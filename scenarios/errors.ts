import { TwinbenchError } from '../twin/index.ts';

/** Stable error codes of the scenarios part. Each message says what was wrong and what to do. */
export const SCENARIOS_ERROR_CODES = {
  /** The YAML does not parse. */
  YAML_SYNTAX: 'TB_ERR_SCENARIOS_YAML_SYNTAX',
  /** The document does not match the scenario schema. */
  SCHEMA: 'TB_ERR_SCENARIOS_SCHEMA',
  /** An include is missing, not a map, or includes itself. */
  INCLUDE: 'TB_ERR_SCENARIOS_INCLUDE',
  /** A `${name}` names no parameter. */
  UNKNOWN_PARAM: 'TB_ERR_SCENARIOS_UNKNOWN_PARAM',
  /** A step names a fleet, step, command or fault handle that does not exist. */
  BAD_REFERENCE: 'TB_ERR_SCENARIOS_BAD_REFERENCE',
  /** No file or scenario matched the paths and tags. */
  NO_SCENARIOS: 'TB_ERR_SCENARIOS_NO_SCENARIOS',
  /** A TypeScript scenario module does not export a scenario. */
  BAD_MODULE: 'TB_ERR_SCENARIOS_BAD_MODULE',
  /** An expectation did not hold. */
  EXPECTATION_FAILED: 'TB_ERR_SCENARIOS_EXPECTATION_FAILED',
  /** A wait_until condition did not hold in time. */
  WAIT_TIMEOUT: 'TB_ERR_SCENARIOS_WAIT_TIMEOUT',
  /** The whole scenario ran past its timeout. */
  SCENARIO_TIMEOUT: 'TB_ERR_SCENARIOS_SCENARIO_TIMEOUT',
  /** An action (set desired, send command, restart …) failed. */
  ACTION_FAILED: 'TB_ERR_SCENARIOS_ACTION_FAILED',
  /** The platform did not answer over HTTP. */
  PLATFORM_UNREACHABLE: 'TB_ERR_SCENARIOS_PLATFORM_UNREACHABLE',
  /** The scenario's platform process did not start. */
  PLATFORM_START: 'TB_ERR_SCENARIOS_PLATFORM_START',
  /** The suite's stack did not start. */
  STACK: 'TB_ERR_SCENARIOS_STACK',
  /** runSuite or a builder got options it cannot use. */
  BAD_OPTIONS: 'TB_ERR_SCENARIOS_BAD_OPTIONS',
  /** A step names an action or condition kind no module is registered for. */
  UNKNOWN_STEP: 'TB_ERR_SCENARIOS_UNKNOWN_STEP',
  /** A step ran past its `timeout`. */
  STEP_TIMEOUT: 'TB_ERR_SCENARIOS_STEP_TIMEOUT',
  /** A step module could not be registered (bad or taken key, no schema). */
  REGISTRY: 'TB_ERR_SCENARIOS_REGISTRY',
  /** A section (e.g. `hil`) could not be opened when the scenario started. */
  SECTION_OPEN: 'TB_ERR_SCENARIOS_SECTION_OPEN',
} as const;

export type ScenariosErrorCode = (typeof SCENARIOS_ERROR_CODES)[keyof typeof SCENARIOS_ERROR_CODES];

/** A place in a scenario file, 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/** One problem in a scenario document: where, which path, what was expected. */
export interface ScenarioIssue {
  /** JSON pointer into the document, e.g. /steps/2/inject/fault/kind. */
  path: string;
  message: string;
  location?: SourceLocation;
}

export function formatIssue(issue: ScenarioIssue, fallbackName = 'scenario'): string {
  const where = issue.location
    ? `${issue.location.file}:${issue.location.line}:${issue.location.col}`
    : `${fallbackName} ${issue.path || '/'}`;
  return `${where}: ${issue.message}`;
}

/** The scenarios part's error: a stable `code`, a message that says what to do, the document's issues. */
export class ScenarioError extends TwinbenchError {
  declare readonly code: ScenariosErrorCode;
  readonly issues: readonly ScenarioIssue[];

  constructor(
    code: ScenariosErrorCode,
    message: string,
    options: { cause?: unknown; issues?: readonly ScenarioIssue[] } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.issues = options.issues ?? [];
  }
}

/** The code of any twinbench error, or `fallback` for anything else (no duck-typing of `.code`). */
export function codeOf(err: unknown, fallback: string): string {
  return err instanceof TwinbenchError ? err.code : fallback;
}

/** Builds one error from several document issues, each on its own `file:line:col: message` line. */
export function issuesError(
  code: ScenariosErrorCode,
  issues: readonly ScenarioIssue[],
  name = 'scenario',
): ScenarioError {
  const lines = issues.map((i) => `  ${formatIssue(i, name)}`);
  const what = code === SCENARIOS_ERROR_CODES.SCHEMA ? 'is not a valid scenario' : 'has problems';
  return new ScenarioError(code, `${name} ${what}:\n${lines.join('\n')}`, { issues });
}
