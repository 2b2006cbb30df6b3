import type { Clock } from '../engine/clock.ts';
import { formatDuration } from '../../twin/index.ts';
import type {
  Condition,
  ConditionContext,
  ConditionSampleContext,
  Sample,
  SeriesPoint,
} from './condition.ts';

/** One look, timed. */
export interface SampleRecord extends Sample {
  t: number;
  /** The look itself failed (platform unreachable …). */
  error?: string;
}

export type TemporalMode = 'eventually' | 'always' | 'wait_until';

export interface ExpectationOutcome {
  mode: TemporalMode;
  kind: string;
  /** "twin … equals …" */
  condition: string;
  /** "eventually within 5s: twin … equals …" */
  title: string;
  status: 'passed' | 'failed';
  startedAt: number;
  endedAt: number;
  windowMs: number;
  samples: SampleRecord[];
  /** The data series of the last look that had one (history). */
  series?: SeriesPoint[];
  /** Why it failed, in one line. */
  reason?: string;
}

const MAX_SAMPLES = 2_000;
const DEFAULT_POLL_MS = 250;

export interface TemporalOptions {
  clock: Clock;
  signal?: AbortSignal;
  pollMs?: number;
}

/**
 * The temporal strategies (one class each, each with its timeout): Eventually passes at the first good
 * look within its window; Always fails at the first bad look during its window. WaitUntil is Eventually
 * that gates a step.
 */
export abstract class Expectation {
  abstract readonly mode: TemporalMode;
  readonly condition: Condition;
  readonly windowMs: number;

  constructor(condition: Condition, windowMs: number) {
    this.condition = condition;
    this.windowMs = windowMs;
  }

  protected abstract settle(sample: SampleRecord, atDeadline: boolean): 'passed' | 'failed' | undefined;

  title(ctx?: ConditionContext): string {
    const word = this.mode === 'always' ? 'during' : 'within';
    const mode = this.mode === 'wait_until' ? 'wait until' : this.mode;
    return `${mode} ${this.condition.describe(ctx)} (${word} ${formatDuration(this.windowMs)})`;
  }

  async run(ctx: ConditionSampleContext, o: TemporalOptions): Promise<ExpectationOutcome> {
    const { clock } = o;
    const pollMs = o.pollMs ?? this.condition.pollMs ?? DEFAULT_POLL_MS;
    const startedAt = clock.now();
    const deadline = startedAt + this.windowMs;
    const samples: SampleRecord[] = [];
    let series: SeriesPoint[] | undefined;
    await this.condition.begin?.(ctx).catch(() => undefined);
    for (;;) {
      o.signal?.throwIfAborted();
      const t = clock.now();
      const sample = await this.condition.sample(ctx).then(
        (s): SampleRecord => ({ ...s, t }),
        (err: unknown): SampleRecord => ({ ok: false, actual: undefined, t, error: (err as Error).message }),
      );
      if (sample.series) series = sample.series;
      samples.push(sample);
      if (samples.length > MAX_SAMPLES) samples.splice(100, 1);
      const atDeadline = clock.now() >= deadline;
      const status = this.settle(sample, atDeadline);
      if (status) {
        const outcome: ExpectationOutcome = {
          mode: this.mode,
          kind: this.condition.kind,
          condition: this.condition.describe(ctx),
          title: this.title(ctx),
          status,
          startedAt,
          endedAt: clock.now(),
          windowMs: this.windowMs,
          samples,
          ...(series ? { series } : {}),
        };
        if (status === 'failed') outcome.reason = this.reason(sample, startedAt);
        return outcome;
      }
      await clock.sleep(Math.max(1, Math.min(pollMs, deadline - clock.now())), o.signal);
    }
  }

  protected reason(last: SampleRecord, startedAt: number): string {
    const at = formatDuration(last.t - startedAt);
    const what = last.error
      ? `the check failed: ${last.error}`
      : `actual ${JSON.stringify(last.actual) ?? 'absent'}`;
    return this.mode === 'always'
      ? `violated after ${at}: ${what}`
      : `not true after ${formatDuration(this.windowMs)}: ${what}`;
  }
}

export class Eventually extends Expectation {
  readonly mode: TemporalMode = 'eventually';
  protected settle(s: SampleRecord, atDeadline: boolean) {
    return s.ok ? 'passed' : atDeadline ? 'failed' : undefined;
  }
}

export class WaitUntil extends Eventually {
  override readonly mode = 'wait_until';
}

export class Always extends Expectation {
  readonly mode = 'always';
  protected settle(s: SampleRecord, atDeadline: boolean) {
    return !s.ok ? 'failed' : atDeadline ? 'passed' : undefined;
  }
}
