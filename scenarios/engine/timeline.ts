import { SCENARIOS_ERROR_CODES, ScenarioError, codeOf } from '../errors.ts';
import type { ConditionContext } from '../expect/condition.ts';
import { Always, Eventually, WaitUntil, type ExpectationOutcome } from '../expect/temporal.ts';
import { sectionValues } from '../format/compile-context.ts';
import type { ActionRunContext, ConditionSampleContext } from '../steps/types.ts';
import { formatDuration } from '../../twin/index.ts';
import { explainError, explainFailure } from './explain.ts';
import type { PlannedStep, ScenarioPlan } from './plan.ts';
import { resolveDevice, resolveSelector } from './resolve.ts';
import type { ScenarioWorld } from './world.ts';

export type StepStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface StepResult {
  index: number;
  id?: string;
  label: string;
  /** The action key, or eventually / always / wait_until / delay. */
  kind: string;
  status: StepStatus;
  startedAt?: number;
  endedAt?: number;
  /** What the action did (for the log and the report). */
  detail?: string;
  /** The wait_until that gated the step, or the step's expectation. */
  wait?: ExpectationOutcome;
  expectation?: ExpectationOutcome;
  background?: boolean;
  soft?: boolean;
}

export interface Failure {
  stepIndex: number;
  code: string;
  /** Several lines: the expectation or action, the actual value and its history, the events before. */
  message: string;
  at: number;
  kind: 'failed' | 'error';
}

export interface TimelineResult {
  startedAt: number;
  endedAt: number;
  steps: StepResult[];
  failures: Failure[];
}

const LATE_WARN_MS = 1_000;

/** Live progress of a timeline. */
export interface TimelineObserver {
  onStepStart?(step: StepResult): void;
  onStepEnd?(step: StepResult): void;
}

/**
 * Runs a compiled scenario on its timeline: sections opened, then each step `at` a time from the start or
 * `after` a step (default the previous), gated by `wait_until`, then its action or expectation. Deferred
 * clean-ups run at the end, last first, whatever happened.
 */
export async function runTimeline(
  plan: Pick<ScenarioPlan, 'steps' | 'sections'>,
  world: ScenarioWorld,
  signal: AbortSignal,
  observer: TimelineObserver = {},
): Promise<TimelineResult> {
  const { clock, log } = world;
  const results: StepResult[] = plan.steps.map((s) => ({
    index: s.index,
    ...(s.id !== undefined ? { id: s.id } : {}),
    label: s.label,
    kind: s.kind,
    status: 'skipped',
  }));
  const failures: Failure[] = [];
  const deferred: (() => unknown)[] = [];
  const defer = (fn: () => unknown) => void deferred.push(fn);
  const logError = (err: unknown) => {
    if (!bgSignal.aborted) log.add({ t: clock.now(), source: 'warn', text: (err as Error).message });
  };
  const bgAbort = new AbortController();
  const bgSignal = AbortSignal.any([signal, bgAbort.signal]);

  // Sections (a HIL rig …) open before the clock starts, so `at:` times are not eaten by them.
  const opened = new Map<string, unknown>();
  for (const section of plan.sections) {
    try {
      opened.set(
        section.key,
        section.open
          ? await section.open({
              clock,
              log,
              signal,
              platform: world.platform,
              mqttUrl: world.mqttUrl,
              defer,
            })
          : section.value,
      );
    } catch (err) {
      failures.push({
        stepIndex: -1,
        code: codeOf(err, SCENARIOS_ERROR_CODES.SECTION_OPEN),
        kind: 'error',
        at: clock.now(),
        message: `section '${section.key}' did not open: ${(err as Error).message}`,
      });
      await runDeferred(deferred, logError);
      return { startedAt: clock.now(), endedAt: clock.now(), steps: results, failures };
    }
  }
  const sections = sectionValues(opened);

  const t0 = clock.now();
  const ends = new Map<string, number>();
  const background: Promise<unknown>[] = [];
  const commands = new Map<string, string>();
  const device = (ref: Parameters<ConditionContext['device']>[0]) =>
    resolveDevice(ref, world.prefix, world.fleets);
  const devices = (sel: Parameters<ConditionContext['devices']>[0]) =>
    resolveSelector(sel, world.prefix, world.fleets);
  const cctx: ConditionSampleContext = {
    data: world.data,
    device,
    devices,
    commandId: (ref) => commands.get(ref),
    fleetDevices: (f) => world.fleets.deviceIds(f),
    now: () => clock.now(),
    startedAt: t0,
    sections,
    signal,
  };
  const actx = (stepSignal: AbortSignal): ActionRunContext => ({
    platform: world.platform,
    mqttUrl: world.mqttUrl,
    mqtt: world.mqtt,
    topicFor: (profile, kind, id) => world.topicFor(profile, kind, id),
    fleets: world.fleets,
    services: world.services,
    log,
    clock,
    signal: stepSignal,
    sections,
    prefix: world.prefix,
    device,
    devices,
    faults,
    commands,
    background: (task) => background.push(task.catch((err: unknown) => logError(err))),
    defer,
  });
  const faults: ActionRunContext['faults'] = new Map();
  const fail = (r: StepResult, kind: Failure['kind'], code: string, message: string) => {
    failures.push({ stepIndex: r.index, code, message, at: clock.now(), kind });
    r.status = kind;
  };
  const expectationFailed = (r: StepResult, outcome: ExpectationOutcome, code: string) =>
    fail(r, 'failed', code, explainFailure(outcome, log.before(outcome.endedAt, 400), t0));

  let prevEnd = t0;
  let stopped = false;
  for (const step of plan.steps) {
    const r = results[step.index] as StepResult;
    if (stopped) continue;
    try {
      // When: at a time from the start, or after a step (default the previous one), plus a delay.
      const after = step.after !== undefined ? ends.get(step.after) : prevEnd;
      const target = (step.atMs !== undefined ? t0 + step.atMs : (after ?? prevEnd)) + step.delayMs;
      if (target > clock.now()) await clock.sleep(target - clock.now(), signal);
      else if (step.atMs !== undefined && clock.now() - target > LATE_WARN_MS)
        log.add({
          t: clock.now(),
          source: 'warn',
          text: `step ${step.index + 1} starts ${formatDuration(clock.now() - target)} late (at: ${formatDuration(step.atMs)})`,
        });
      r.startedAt = clock.now();
      observer.onStepStart?.(r);
      if (step.gate) {
        const gate = new WaitUntil(step.gate.condition, step.gate.windowMs);
        r.wait = await gate.run(cctx, {
          clock,
          signal,
          ...(step.gate.pollMs !== undefined ? { pollMs: step.gate.pollMs } : {}),
        });
        if (r.wait.status === 'failed') expectationFailed(r, r.wait, SCENARIOS_ERROR_CODES.WAIT_TIMEOUT);
        log.add({ t: clock.now(), source: 'expect', text: `${r.wait.title}: ${r.wait.status}` });
        if (r.wait.status === 'failed') {
          stopped = true;
          r.endedAt = clock.now();
          observer.onStepEnd?.(r);
          continue;
        }
      }
      const body = step.body;
      if (body.type === 'expect') {
        const exp =
          body.mode === 'eventually'
            ? new Eventually(body.condition, body.windowMs)
            : new Always(body.condition, body.windowMs);
        r.label = step.name ?? exp.title(cctx);
        const run = exp
          .run(body.background ? { ...cctx, signal: bgSignal } : cctx, {
            clock,
            signal: body.background ? bgSignal : signal,
            ...(body.pollMs !== undefined ? { pollMs: body.pollMs } : {}),
          })
          .then((outcome) => {
            r.expectation = outcome;
            r.endedAt = clock.now();
            r.status = 'passed';
            if (outcome.status === 'failed')
              expectationFailed(r, outcome, SCENARIOS_ERROR_CODES.EXPECTATION_FAILED);
            log.add({ t: clock.now(), source: 'expect', text: `${outcome.title}: ${outcome.status}` });
          });
        if (body.soft) r.soft = true;
        if (body.background) {
          r.background = true;
          background.push(run.catch((err: unknown) => (bgSignal.aborted ? undefined : Promise.reject(err))));
          prevEnd = r.startedAt;
          continue;
        }
        await run;
        if (r.status === 'failed' && !body.soft) stopped = true;
      } else if (body.type === 'action') {
        const detail = await runAction(step, body, actx, signal, clock);
        if (detail) r.detail = detail;
        log.add({ t: clock.now(), source: 'action', text: `step ${step.index + 1}: ${detail || r.label}` });
        r.status = 'passed';
      } else r.status = 'passed';
    } catch (err) {
      const reason = signal.aborted ? (signal.reason as Error) : (err as Error);
      const fallback = signal.aborted
        ? SCENARIOS_ERROR_CODES.SCENARIO_TIMEOUT
        : SCENARIOS_ERROR_CODES.ACTION_FAILED;
      fail(
        r,
        'error',
        codeOf(reason, fallback),
        explainError(r.label, reason.message, log.before(clock.now(), 400), t0),
      );
      stopped = true;
    }
    r.endedAt ??= clock.now();
    if (!r.background) observer.onStepEnd?.(r);
    prevEnd = r.endedAt;
    if (step.id) ends.set(step.id, r.endedAt);
  }
  if (failures.length > 0)
    bgAbort.abort(new ScenarioError(SCENARIOS_ERROR_CODES.EXPECTATION_FAILED, 'the scenario already failed'));
  const settled = await Promise.allSettled(background);
  for (const s of settled) if (s.status === 'rejected') logError(s.reason);
  for (const r of results) if (r.background && !r.expectation && r.status !== 'failed') r.status = 'skipped';
  await runDeferred(deferred, (err) =>
    log.add({ t: clock.now(), source: 'warn', text: `clean-up failed: ${(err as Error).message}` }),
  );
  return { startedAt: t0, endedAt: clock.now(), steps: results, failures };
}

/** An action within its step timeout (the action sees the signal; the step ends at the timeout anyway). */
async function runAction(
  step: PlannedStep,
  body: Extract<PlannedStep['body'], { type: 'action' }>,
  actx: (signal: AbortSignal) => ActionRunContext,
  signal: AbortSignal,
  clock: ScenarioWorld['clock'],
): Promise<string | void> {
  if (body.timeoutMs === undefined) return body.action.run(actx(signal));
  const timeoutMs = body.timeoutMs;
  const timer = new AbortController();
  const stepAbort = new AbortController();
  const stepSignal = AbortSignal.any([signal, stepAbort.signal]);
  const timedOut = clock.sleep(timeoutMs, AbortSignal.any([signal, timer.signal])).then(() => {
    const err = new ScenarioError(
      SCENARIOS_ERROR_CODES.STEP_TIMEOUT,
      `step ${step.index + 1} (${step.label}) ran past its timeout of ${formatDuration(timeoutMs)}; raise 'timeout:' or find out why it hangs`,
    );
    stepAbort.abort(err);
    throw err;
  });
  try {
    return await Promise.race([body.action.run(actx(stepSignal)), timedOut]);
  } finally {
    timer.abort();
    timedOut.catch(() => undefined);
  }
}

async function runDeferred(deferred: (() => unknown)[], onError: (err: unknown) => void): Promise<void> {
  for (const fn of deferred.reverse()) {
    try {
      await fn();
    } catch (err) {
      onError(err);
    }
  }
}
