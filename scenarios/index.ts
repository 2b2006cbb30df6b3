// The door of scenarios/: the scenario format (YAML + JSON Schema, and a TypeScript API with the same
// vocabulary), the engine, the runner (runSuite) and its reports. See docs/scenarios.md.

// Running suites (the CLI's `twinbench run`)
export { runSuite, SUITE_DEFAULTS, type RunSuiteOptions } from './suite/run-suite.ts';
export type {
  InvalidFile,
  ProgressEvent,
  ScenarioResult,
  ScenarioStatus,
  SuiteCounts,
  SuiteResult,
} from './suite/results.ts';
export { discoverFiles, matchesTags } from './suite/discover.ts';
export { loadSuite, type SuiteSelection } from './suite/load-suite.ts';
export type { SuiteStack } from './world/open-world.ts';

// Reports
export { REPORTER_NAMES, type Reporter, type ReporterName } from './report/reporter.ts';
export { consoleReporter } from './report/console.ts';
export { junitReporter, junitXml } from './report/junit.ts';
export { htmlReporter, htmlReport } from './report/html.ts';

// The format
export {
  loadScenarioFile,
  loadScenarioText,
  prepareScenario,
  type ScenarioInstance,
} from './format/load-scenario.ts';
export type { ScenarioDoc } from './format/schema/scenario.ts';
export { publishedSchema, publishedSchemaText, scenarioSchema } from './format/publish-schema.ts';
export { compilePlan, type CompileOptions } from './format/compile-plan.ts';
export type { PlannedStep, PlannedSection, ScenarioPlan } from './engine/plan.ts';

// Step kinds: one module each, found through a registry other parts add to (docs/scenarios.md)
export {
  StepRegistry,
  stepRegistry,
  registerAction,
  registerCondition,
  registerSection,
  STEP_KEY_PATTERN,
} from './steps/registry.ts';
export type {
  ActionModule,
  ActionRunContext,
  CompileContext,
  CompiledAction,
  CompiledCondition,
  ConditionModule,
  ConditionSampleContext,
  SectionModule,
  SectionOpenContext,
  SectionValues,
  StepCompileContext,
} from './steps/types.ts';
export { BUILTIN_ACTIONS, BUILTIN_CONDITIONS } from './steps/builtin.ts';

// The TypeScript API (same vocabulary as the YAML)
export {
  scenario,
  isScenarioDefinition,
  at,
  after,
  named,
  startFleet,
  stopFleet,
  inject,
  clearFault,
  setDesired,
  setDesiredOn,
  sendCommand,
  restart,
  stopPlatform,
  startPlatform,
  advance,
  backfill,
  publish,
  wait,
  note,
  eventually,
  always,
  waitUntil,
  twin,
  delta,
  online,
  history,
  event,
  command,
  metric,
  loss,
  health,
  action,
  condition,
  type ScenarioDefinition,
  type ScenarioBody,
  type Step,
  type ConditionDoc,
} from './api/builders.ts';

// Expectations (strategy objects behind a facade) and the engine, for embedding and tests
export { Expect } from './expect/expect.ts';
export { Always, Eventually, WaitUntil, Expectation, type ExpectationOutcome } from './expect/temporal.ts';
export type { Condition, ConditionContext, Sample } from './expect/condition.ts';
export type { DataSource } from './expect/data-source.ts';
export { runTimeline, type StepResult, type TimelineResult, type Failure } from './engine/timeline.ts';
export type {
  FaultHandle,
  FleetControl,
  PlatformApi,
  PlatformControl,
  Publisher,
  ScenarioWorld,
  ServiceControl,
} from './engine/world.ts';
export type { EventLog, LogEvent } from './engine/event-log.ts';
export type { DeviceRef, DeviceSelector } from './expect/condition.ts';
export { compileMatchers, type Matcher } from './expect/matchers.ts';
// Schema pieces for step modules (a duration, a name, a device, the matchers)
export {
  DeviceRef as DeviceRefSchema,
  Duration as DurationSchema,
  MatcherProps,
  Name as NameSchema,
  Selector as SelectorSchema,
} from './format/schema/common.ts';
export { realClock, VirtualClock, type Clock } from './engine/clock.ts';

// Errors
export {
  SCENARIOS_ERROR_CODES,
  ScenarioError,
  codeOf,
  type ScenariosErrorCode,
  type ScenarioIssue,
  type SourceLocation,
} from './errors.ts';
