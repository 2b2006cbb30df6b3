import type { Clock } from '../engine/clock.ts';
import { formatDuration } from '../../twin/index.ts';
import { runTimeline, type StepResult, type TimelineResult } from '../engine/timeline.ts';
import { SCENARIOS_ERROR_CODES, ScenarioError, codeOf } from '../errors.ts';
import type { ScenarioInstance } from '../format/load-scenario.ts';
import type { OpenWorld } from '../world/open-world.ts';
import type { ScenarioResult } from './results.ts';

export { DEFAULT_SCENARIO_TIMEOUT_MS } from '../format/compile-plan.ts';

export interface RunScenarioOptions {
  prefix: string;
  database: string;
  clock: Clock;
  /** Opens the scenario's world (platform process, fleets). */
  open: (instance: ScenarioInstance) => Promise<OpenWorld>;
  /** Broker log lines, attached to a failed scenario. */
  brokerLogs?: () => string[];
  keepDatabase?: boolean;
  onStep?: (step: StepResult, phase: 'start' | 'end') => void;
}

/** Runs one scenario: open its world, run its timeline within its timeout, close, and say what happened. */
export async function runScenario(
  instance: ScenarioInstance,
  o: RunScenarioOptions,
): Promise<ScenarioResult> {
  const { clock } = o;
  const startedAt = clock.now();
  const base = {
    key: instance.key,
    name: instance.name,
    ...(instance.file ? { file: instance.file } : {}),
    ...(instance.row ? { row: instance.row } : {}),
    tags: instance.tags,
    prefix: o.prefix,
    database: o.database,
  };
  let open: OpenWorld;
  try {
    open = await o.open(instance);
  } catch (err) {
    const code = codeOf(err, SCENARIOS_ERROR_CODES.PLATFORM_START);
    return {
      ...base,
      status: 'error',
      startedAt,
      durationMs: clock.now() - startedAt,
      steps: [],
      failures: [
        {
          stepIndex: -1,
          code,
          kind: 'error',
          at: clock.now(),
          message: `setup failed: ${(err as Error).message}`,
        },
      ],
      events: [],
      logs: { platform: [], broker: o.brokerLogs?.() ?? [] },
    };
  }
  const timeoutMs = instance.plan.timeoutMs;
  const abort = new AbortController();
  const timer = new AbortController();
  clock.sleep(timeoutMs, timer.signal).then(
    () =>
      abort.abort(
        new ScenarioError(
          SCENARIOS_ERROR_CODES.SCENARIO_TIMEOUT,
          `the scenario ran past its timeout of ${formatDuration(timeoutMs)}; raise 'timeout:' or shorten its waits`,
        ),
      ),
    () => undefined,
  );
  let timeline: TimelineResult;
  try {
    timeline = await runTimeline(instance.plan, open.world, abort.signal, {
      onStepStart: (s) => o.onStep?.(s, 'start'),
      onStepEnd: (s) => o.onStep?.(s, 'end'),
    });
  } finally {
    timer.abort();
  }
  const status = timeline.failures.some((f) => f.kind === 'error')
    ? 'error'
    : timeline.failures.length > 0
      ? 'failed'
      : 'passed';
  const logs =
    status === 'passed' ? undefined : { platform: open.platformLogs(), broker: o.brokerLogs?.() ?? [] };
  const fleets = open.fleetStats();
  await open.close({ keepDatabase: o.keepDatabase ?? false });
  return {
    ...base,
    status,
    startedAt,
    durationMs: clock.now() - startedAt,
    timelineStart: timeline.startedAt,
    steps: timeline.steps,
    failures: timeline.failures,
    events: open.world.log.all(),
    ...(logs ? { logs } : {}),
    ...(Object.keys(fleets).length ? { fleets } : {}),
  };
}
