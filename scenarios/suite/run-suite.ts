import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { startStack, type StackMode, type StackOptions } from '../../stack/index.ts';
import type { ScenarioDefinition } from '../api/builders.ts';
import { realClock, type Clock } from '../engine/clock.ts';
import { SCENARIOS_ERROR_CODES, ScenarioError } from '../errors.ts';
import type { ScenarioInstance } from '../format/load-scenario.ts';
import { consoleReporter } from '../report/console.ts';
import { htmlReporter } from '../report/html.ts';
import { junitReporter } from '../report/junit.ts';
import { REPORTER_NAMES, type Reporter, type ReporterName } from '../report/reporter.ts';
import { openWorld, type OpenWorld, type SuiteStack } from '../world/open-world.ts';
import type { StepRegistry } from '../steps/registry.ts';
import { loadSuite } from './load-suite.ts';
import {
  countResults,
  exitCodeOf,
  type ProgressEvent,
  type ScenarioResult,
  type SuiteResult,
} from './results.ts';
import { runScenario } from './run-scenario.ts';
import { schedule } from './scheduler.ts';

export interface RunSuiteOptions {
  /** Files, directories (walked, skipping `fragments/` and `_*`) and globs. Default ['scenarios/library']. */
  paths?: string[];
  /** Scenarios built with the TypeScript API, run alongside the files. */
  scenarios?: ScenarioDefinition[];
  /** Any of these tags; `!tag` excludes. Default: every scenario. */
  tags?: string[];
  /** Only scenarios whose name contains this. */
  grep?: string;
  /** A stack mode to start one stack for the suite (default 'auto'), or a running stack to use as is. */
  stack?: StackMode | SuiteStack;
  /** Extra stack options (images, ports …) when the suite starts its stack. */
  stackOptions?: Omit<StackOptions, 'mode'>;
  /** Scenarios at once (exclusive ones run alone). Default 1. */
  parallel?: number;
  /** Default ['console']. */
  reporters?: (ReporterName | Reporter)[];
  /** Where junit.xml and report.html go. Default 'reports/scenarios'. */
  outDir?: string;
  /** Every progress event, live (the CLI's spinner, a test's log). */
  onProgress?: (event: ProgressEvent) => void;
  /** Keep each scenario's InfluxDB database after it ran. Default false (dropped). */
  keepDatabases?: boolean;
  /** Platform start timeout per scenario, ms. Default 30 000. */
  platformStartupTimeoutMs?: number;
  cwd?: string;
  clock?: Clock;
  /** The step kinds scenarios may use. Default: the registry `registerAction` and friends add to. */
  registry?: StepRegistry;
  /** Tests: opens a scenario's world instead of a real platform process and simulator fleets. */
  openWorld?: (
    instance: ScenarioInstance,
    o: { prefix: string; database: string; stack: SuiteStack },
  ) => Promise<OpenWorld>;
}

export const SUITE_DEFAULTS = {
  paths: ['scenarios/library'],
  parallel: 1,
  outDir: 'reports/scenarios',
  stack: 'auto',
} as const;

function reporterOf(r: ReporterName | Reporter): Reporter {
  if (typeof r !== 'string') return r;
  if (!REPORTER_NAMES.includes(r))
    throw new ScenarioError(
      SCENARIOS_ERROR_CODES.BAD_OPTIONS,
      `unknown reporter '${String(r)}'; use ${REPORTER_NAMES.join(', ')}`,
    );
  return r === 'console' ? consoleReporter() : r === 'junit' ? junitReporter() : htmlReporter();
}

/**
 * Runs a suite: loads and selects scenarios, brings the stack up once, runs each scenario on its own
 * platform process and database with prefixed device ids, at most `parallel` at once, and reports.
 * `exitCode` is what CI should exit with.
 */
export async function runSuite(o: RunSuiteOptions = {}): Promise<SuiteResult> {
  const clock = o.clock ?? realClock;
  const cwd = o.cwd ?? process.cwd();
  const startedAt = clock.now();
  const reporters = (o.reporters ?? ['console']).map(reporterOf);
  const parallel = o.parallel ?? SUITE_DEFAULTS.parallel;
  if (!Number.isInteger(parallel) || parallel < 1)
    throw new ScenarioError(
      SCENARIOS_ERROR_CODES.BAD_OPTIONS,
      `parallel must be a whole number >= 1, got ${parallel}`,
    );
  const emit = (e: ProgressEvent) => {
    o.onProgress?.(e);
    for (const r of reporters) r.onEvent?.(e);
  };
  const { instances, invalid } = await loadSuite({
    paths: o.scenarios && !o.paths ? [] : (o.paths ?? [...SUITE_DEFAULTS.paths]),
    ...(o.scenarios ? { definitions: o.scenarios } : {}),
    ...(o.tags ? { tags: o.tags } : {}),
    ...(o.grep ? { grep: o.grep } : {}),
    ...(o.registry ? { registry: o.registry } : {}),
    cwd,
  });
  emit({ type: 'suite-start', total: instances.length, invalid: invalid.length });
  const results: ScenarioResult[] = [];
  let stackMode = typeof o.stack === 'object' ? o.stack.info.mode : (o.stack ?? SUITE_DEFAULTS.stack);
  let error: string | undefined;
  let stack: SuiteStack | undefined;
  let stopStack: (() => Promise<void>) | undefined;
  if (instances.length === 0) {
    error = `${SCENARIOS_ERROR_CODES.NO_SCENARIOS}: no scenario matched ${JSON.stringify({ paths: o.paths ?? SUITE_DEFAULTS.paths, tags: o.tags ?? [] })}`;
  } else if (typeof o.stack === 'object') stack = o.stack;
  else if (!o.openWorld) {
    try {
      const started = await startStack({
        ...o.stackOptions,
        mode: o.stack ?? SUITE_DEFAULTS.stack,
        broker: {
          ...o.stackOptions?.broker,
          persistence: instances.some((i) => i.doc.stack?.broker?.persistence) || undefined,
        },
        onProgress: (message) => emit({ type: 'stack', message }),
      });
      stack = started;
      stopStack = () => started.stop();
      stackMode = started.info.mode;
    } catch (err) {
      error = `${SCENARIOS_ERROR_CODES.STACK}: the suite's stack did not start: ${(err as Error).message}`;
    }
  }
  try {
    if (!error) {
      const runId = randomBytes(3).toString('hex').slice(0, 4);
      const suiteStack = stack as SuiteStack;
      await schedule(instances, parallel, async (instance, index) => {
        const prefix = `${runId}-${index + 1}-`;
        const database = `tb_${runId}_${index + 1}`;
        emit({ type: 'scenario-start', key: instance.key, name: instance.name });
        const result = await runScenario(instance, {
          prefix,
          database,
          clock,
          open: (i) =>
            o.openWorld
              ? o.openWorld(i, { prefix, database, stack: suiteStack })
              : openWorld(i, {
                  stack: suiteStack,
                  prefix,
                  database,
                  clock,
                  ...(o.platformStartupTimeoutMs
                    ? { platformStartupTimeoutMs: o.platformStartupTimeoutMs }
                    : {}),
                }),
          brokerLogs: () => (suiteStack ? safeLogs(suiteStack) : []),
          keepDatabase: o.keepDatabases ?? false,
          onStep: (s, phase) =>
            emit({
              type: 'step',
              key: instance.key,
              index: s.index,
              label: s.label,
              status: s.status,
              phase,
            }),
        });
        results[index] = result;
        emit({ type: 'scenario-end', result });
      });
    }
  } finally {
    await stopStack?.();
  }
  const scenarios = results.filter((r): r is ScenarioResult => r !== undefined);
  const counts = countResults(scenarios);
  const result: SuiteResult = {
    startedAt,
    durationMs: clock.now() - startedAt,
    stackMode,
    scenarios,
    invalid,
    counts,
    exitCode: error ? 2 : exitCodeOf(counts, invalid.length),
    reports: [],
    ...(error ? { error } : {}),
  };
  const outDir = resolve(cwd, o.outDir ?? SUITE_DEFAULTS.outDir);
  for (const r of reporters) if (r.onEnd) result.reports.push(...(await r.onEnd(result, { outDir })));
  emit({ type: 'suite-end', result });
  return result;
}

function safeLogs(stack: SuiteStack): string[] {
  try {
    return stack.service('mosquitto').logs().slice(-200);
  } catch {
    return [];
  }
}
