// The load part: an artillery engine that drives virtual devices from simulator/ against the platform,
// and the runner behind `twinbench load` (artillery, loss accounting, HTML report). docs/load.md.
export { LOAD_ERROR_CODES, LoadError, type LoadErrorCode } from './errors.ts';
export { TwinbenchEngine, type ArtilleryHelpers } from './engine/twinbench-engine.ts';
export { ENGINE_DEFAULTS, readSettings, type EngineSettings } from './engine/config.ts';
export { METRICS, ZEROED_COUNTERS } from './engine/metrics.ts';
export { STEP_NAMES, type StepName } from './engine/steps.ts';
export type { LedgerEntry } from './engine/virtual-user.ts';
export { ENGINE_PACKAGES_DIR } from './engine/paths.ts';
export {
  artilleryBin,
  engineEnv,
  runArtillery,
  type ArtilleryRunOptions,
  type ArtilleryRunResult,
} from './run/run-artillery.ts';
export { accountLoss, formatLoss, readLedger, type LossOptions, type LossReport } from './run/loss.ts';
export { runLoadTest, type LoadTestOptions, type LoadTestResult } from './run/load-test.ts';
export { renderHtmlReport, lineChart, type ArtilleryJson, type ReportInput } from './report/html-report.ts';
