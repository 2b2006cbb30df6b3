import type { ExpectationOutcome, SampleRecord } from '../expect/temporal.ts';
import { formatDuration } from '../../twin/index.ts';
import type { LogEvent } from './event-log.ts';

/**
 * Runs of look-alike events (the same words about different devices: "… offline (disconnected)" × 1000)
 * become one line, so the events before a failure stay readable at any fleet size.
 */
export function collapseEvents(events: readonly LogEvent[], keep = 12): LogEvent[] {
  const out: (LogEvent & { more?: string[] })[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    const shape = (x: LogEvent) => `${x.source} ${x.text.replace(/^\S+ /, '')}`;
    if (last && e.source === 'twin' && shape(last) === shape(e))
      (last.more ??= []).push(e.text.split(' ')[0] ?? '');
    else out.push({ ...e });
  }
  return out.slice(-keep).map((e) =>
    e.more
      ? {
          t: e.t,
          source: e.source,
          text: `${e.text} (and ${e.more.length} more like it: ${e.more.slice(0, 3).join(', ')}${e.more.length > 3 ? ', …' : ''})`,
        }
      : e,
  );
}

const offset = (t: number, t0: number) => `+${formatDuration(Math.max(0, t - t0))}`;
const value = (s: SampleRecord) => (s.error ? `error: ${s.error}` : (JSON.stringify(s.actual) ?? 'absent'));

/** Runs of equal values: `"closed" ×21 (+0ms … +5s)`, newest last. */
export function summarizeSamples(samples: readonly SampleRecord[], t0: number, maxRuns = 6): string[] {
  const runs: { v: string; from: number; to: number; n: number }[] = [];
  for (const s of samples) {
    const v = value(s);
    const last = runs[runs.length - 1];
    if (last && last.v === v) {
      last.to = s.t;
      last.n++;
    } else runs.push({ v, from: s.t, to: s.t, n: 1 });
  }
  const shown = runs
    .slice(-maxRuns)
    .map((r) =>
      r.n === 1
        ? `${offset(r.from, t0)}  ${r.v}`
        : `${offset(r.from, t0)} … ${offset(r.to, t0)}  ${r.v} ×${r.n}`,
    );
  return runs.length > maxRuns ? [`(${runs.length - maxRuns} earlier change(s))`, ...shown] : shown;
}

/**
 * A failure that explains itself: what was expected, the actual value, how it moved while we looked, and
 * what happened just before.
 */
export function explainFailure(outcome: ExpectationOutcome, all: readonly LogEvent[], t0: number): string {
  const events = collapseEvents(all);
  const last = outcome.samples[outcome.samples.length - 1];
  const lines = [outcome.title, `  ${outcome.reason ?? 'failed'}`];
  if (last?.detail) lines.push(`  detail: ${last.detail}`);
  lines.push(
    `  looked ${outcome.samples.length} time(s) from ${offset(outcome.startedAt, t0)} to ${offset(outcome.endedAt, t0)}:`,
  );
  for (const l of summarizeSamples(outcome.samples, t0)) lines.push(`    ${l}`);
  if (events.length > 0) {
    lines.push('  events before:');
    for (const e of events) lines.push(`    ${offset(e.t, t0).padEnd(8)} ${e.source.padEnd(6)} ${e.text}`);
  }
  return lines.join('\n');
}

export function explainError(
  title: string,
  message: string,
  events: readonly LogEvent[],
  t0: number,
): string {
  const lines = [title, `  ${message.split('\n').join('\n  ')}`];
  if (events.length > 0) {
    lines.push('  events before:');
    for (const e of events) lines.push(`    ${offset(e.t, t0).padEnd(8)} ${e.source.padEnd(6)} ${e.text}`);
  }
  return lines.join('\n');
}
