import { SCENARIOS_ERROR_CODES, ScenarioError } from '../errors.ts';
import { selectorText, type ConditionContext, type DeviceSelector } from '../expect/condition.ts';
import { Expect } from '../expect/expect.ts';
import type { ExpectationOutcome } from '../expect/temporal.ts';
import { ACTION_KEYS } from '../format/schema/actions.ts';
import { ACTION_HANDLERS, type ActionContext } from './actions/index.ts';
import { formatDuration, parseDuration, type DurationInput } from './duration.ts';
import { explainError, explainFailure } from './explain.ts';
import { resolveDevice, resolveSelector } from './resolve.ts';
import type { ScenarioWorld } from './world.ts';

export type StepStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface StepResult {
  index: number;
  id?: string;
  label: string;
  /** The action key, or eventually / always / wait_until. */
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

type StepDoc = Record<string, unknown>;
const DEFAULT_WAIT_MS = 30_000;
const LATE_WARN_MS = 1_000;

const short = (v: unknown, max = 70) => {
  const t = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};
const ref = (d: unknown) =>
  typeof d === 'object' && d !== null
    ? `${String((d as { fleet: string }).fleet)}#${String((d as { n: number }).n)}`
    : String(d);

/** Words for a step in reports: its name, or what its action does. */
export function labelOf(step: StepDoc, kind: string): string {
  if (typeof step.name === 'string') return step.name;
  const raw = step[kind];
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean')
    return kind === 'restart' ? `restart ${String(raw)}` : `${kind.replace(/_/g, ' ')} ${String(raw)}`;
  const v = (raw ?? {}) as Record<string, unknown>;
  switch (kind) {
    case 'inject': {
      const { kind: fault, ...args } = v.fault as unknown as Record<string, unknown>;
      const sel = v.select as DeviceSelector | undefined;
      const where = sel ? selectorText(sel) : `fleet ${String(v.fleet ?? '(the only one)')}`;
      return `inject ${String(fault)}${Object.keys(args).length ? ` ${short(args)}` : ''} on ${where}`;
    }
    case 'set_desired':
      return `set desired ${short(v.state)} on ${v.device !== undefined ? ref(v.device) : selectorText(v.devices as DeviceSelector)}`;
    case 'send_command':
      return `send ${String(v.name)}${v.params ? ` ${short(v.params)}` : ''} to ${ref(v.device)}`;
    case 'restart':
      return typeof v === 'string'
        ? `restart ${v}`
        : `restart ${String(v.service)}${v.how ? ` (${String(v.how)})` : ''}`;
    case 'publish':
      return `publish ${v.count ? `${String(v.count)} × ` : ''}${v.topic ? String(v.topic) : `${String(v.kind)} for ${ref(v.device)}`}`;
    case 'wait_until':
      return 'wait';
    default:
      return `${kind.replace(/_/g, ' ')} ${short(v)}`;
  }
}

/** Live progress of a timeline. */
export interface TimelineObserver {
  onStepStart?(step: StepResult): void;
  onStepEnd?(step: StepResult): void;
}

/** Runs a scenario's steps on its timeline: `at` from the start, `after` a step (default the previous), gates, actions, expectations. */
export async function runTimeline(
  steps: readonly StepDoc[],
  world: ScenarioWorld,
  signal: AbortSignal,
  observer: TimelineObserver = {},
): Promise<TimelineResult> {
  const { clock, log } = world;
  const t0 = clock.now();
  const results: StepResult[] = [];
  const failures: Failure[] = [];
  const ends = new Map<string, number>();
  const handles: ActionContext['handles'] = new Map();
  const commands: ActionContext['commands'] = new Map();
  const bgAbort = new AbortController();
  const bgSignal = AbortSignal.any([signal, bgAbort.signal]);
  const background: Promise<unknown>[] = [];
  let prevEnd = t0;
  let stopped = false;

  const device = (ref: Parameters<ConditionContext['device']>[0]) =>
    resolveDevice(ref, world.prefix, world.fleets);
  const devices = (sel: Parameters<ConditionContext['devices']>[0]) =>
    resolveSelector(sel, world.prefix, world.fleets);
  const cctx: ConditionContext = {
    data: world.data,
    device,
    devices,
    commandId: (ref) => commands.get(ref),
    fleetDevices: (f) => world.fleets.deviceIds(f),
    now: () => clock.now(),
    startedAt: t0,
  };
  const actx: ActionContext = {
    world,
    signal,
    handles,
    commands,
    background: (task) => background.push(task.catch((err: unknown) => logError(err))),
    device,
    devices,
  };
  const logError = (err: unknown) => {
    if (!bgSignal.aborted) log.add({ t: clock.now(), source: 'warn', text: (err as Error).message });
  };
  const fail = (r: StepResult, kind: Failure['kind'], code: string, message: string) => {
    failures.push({ stepIndex: r.index, code, message, at: clock.now(), kind });
    r.status = kind;
  };
  const expectationFailed = (r: StepResult, outcome: ExpectationOutcome, code: string) =>
    fail(r, 'failed', code, explainFailure(outcome, log.before(outcome.endedAt, 400), t0));

  for (const [index, step] of steps.entries()) {
    const kind =
      [...ACTION_KEYS, 'eventually', 'always'].find((k) => step[k] !== undefined) ??
      (step.wait_until !== undefined ? 'wait_until' : 'note');
    const r: StepResult = { index, label: labelOf(step, kind), kind, status: 'skipped' };
    if (typeof step.id === 'string') r.id = step.id;
    results.push(r);
    if (stopped) continue;
    try {
      // When: at a time from the start, or after a step (default the previous one), plus a delay.
      const delay = step.delay !== undefined ? parseDuration(step.delay as DurationInput) : 0;
      const after =
        typeof step.after === 'string' && step.after !== 'previous' ? ends.get(step.after) : prevEnd;
      const target =
        (step.at !== undefined ? t0 + parseDuration(step.at as DurationInput) : (after ?? prevEnd)) + delay;
      if (target > clock.now()) await clock.sleep(target - clock.now(), signal);
      else if (step.at !== undefined && clock.now() - target > LATE_WARN_MS)
        log.add({
          t: clock.now(),
          source: 'warn',
          text: `step ${index + 1} starts ${formatDuration(clock.now() - target)} late (at: ${String(step.at)})`,
        });
      r.startedAt = clock.now();
      observer.onStepStart?.(r);
      if (step.wait_until !== undefined) {
        const w = step.wait_until as StepDoc;
        const gate = Expect.waitUntil(
          Expect.fromDoc(w),
          w.within !== undefined ? parseDuration(w.within as DurationInput) : DEFAULT_WAIT_MS,
        );
        r.wait = await gate.run(cctx, {
          clock,
          signal,
          ...(w.poll !== undefined ? { pollMs: parseDuration(w.poll as DurationInput) } : {}),
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
      if (kind === 'eventually' || kind === 'always') {
        const e = step[kind] as StepDoc;
        const windowMs = parseDuration((kind === 'eventually' ? e.within : e.during) as DurationInput);
        const exp =
          kind === 'eventually'
            ? Expect.eventually(Expect.fromDoc(e), windowMs)
            : Expect.always(Expect.fromDoc(e), windowMs);
        r.label = typeof step.name === 'string' ? step.name : exp.title(cctx);
        const run = exp
          .run(cctx, {
            clock,
            signal: e.background ? bgSignal : signal,
            ...(e.poll !== undefined ? { pollMs: parseDuration(e.poll as DurationInput) } : {}),
          })
          .then((outcome) => {
            r.expectation = outcome;
            r.endedAt = clock.now();
            r.status = 'passed';
            if (outcome.status === 'failed')
              expectationFailed(r, outcome, SCENARIOS_ERROR_CODES.EXPECTATION_FAILED);
            log.add({ t: clock.now(), source: 'expect', text: `${outcome.title}: ${outcome.status}` });
          });
        if (e.soft) r.soft = true;
        if (e.background) {
          r.background = true;
          background.push(run.catch((err: unknown) => (bgSignal.aborted ? undefined : Promise.reject(err))));
          prevEnd = r.startedAt;
          continue;
        }
        await run;
        if (r.status === 'failed' && !e.soft) stopped = true;
      } else if (kind !== 'wait_until') {
        const handler = ACTION_HANDLERS[kind as keyof typeof ACTION_HANDLERS] as (
          s: unknown,
          c: ActionContext,
        ) => Promise<string>;
        r.detail = await handler(step[kind], actx);
        log.add({ t: clock.now(), source: 'action', text: `step ${index + 1}: ${r.detail}` });
        r.status = 'passed';
      } else r.status = 'passed';
    } catch (err) {
      if (signal.aborted) {
        const reason = signal.reason as Error;
        fail(
          r,
          'error',
          (reason as ScenarioError).code ?? SCENARIOS_ERROR_CODES.SCENARIO_TIMEOUT,
          explainError(r.label, reason.message, log.before(clock.now(), 400), t0),
        );
      } else {
        const code = (err as ScenarioError).code ?? SCENARIOS_ERROR_CODES.ACTION_FAILED;
        fail(
          r,
          'error',
          code,
          explainError(r.label, (err as Error).message, log.before(clock.now(), 400), t0),
        );
      }
      stopped = true;
    }
    r.endedAt ??= clock.now();
    if (!r.background) observer.onStepEnd?.(r);
    prevEnd = r.endedAt;
    if (r.id) ends.set(r.id, r.endedAt);
  }
  if (failures.length > 0)
    bgAbort.abort(new ScenarioError(SCENARIOS_ERROR_CODES.EXPECTATION_FAILED, 'the scenario already failed'));
  const settled = await Promise.allSettled(background);
  for (const s of settled) if (s.status === 'rejected') logError(s.reason);
  for (const r of results) if (r.background && !r.expectation && r.status !== 'failed') r.status = 'skipped';
  return { startedAt: t0, endedAt: clock.now(), steps: results, failures };
}
