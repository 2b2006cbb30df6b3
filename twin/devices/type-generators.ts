// A field's `simulate:` document compiled into a generator (durations in ms, ranges checked against the
// field), and the order derived fields are computed in.
import { tryParseDuration } from '../time/duration.ts';
import { allowedText, compileFieldCheck } from './check-field.ts';
import { ExpressionError, expressionRefs, parseExpression, type Expr } from './expression.ts';
import type { FieldSpec, FieldValue } from './fields.ts';
import type { FieldGeneratorDocument } from './type-file-schema.ts';
import type { TypeIssue } from './type-issues.ts';

/** How the simulator produces one field, with durations in ms. */
export type FieldGenerator =
  | { kind: 'constant'; value: FieldValue }
  | { kind: 'walk'; min: number; max: number; step: number; start: number; everyMs: number }
  | { kind: 'sine'; mean: number; amplitude: number; periodMs: number; peakMs: number; noise: number }
  | { kind: 'steps'; periodMs?: number; values: { atMs: number; value: FieldValue }[] }
  | { kind: 'counter'; start: number; step: number; everyMs: number }
  | { kind: 'cycle'; values: FieldValue[]; everyMs: number }
  | { kind: 'derive'; text: string; expr: Expr };

const DEFAULTS = { walkEveryMs: 10_000, counterEveryMs: 60_000, cycleEveryMs: 60_000, periodMs: 86_400_000 };

export function duration(v: string | number): number {
  return tryParseDuration(v) ?? NaN;
}

export function generator(
  g: FieldGeneratorDocument,
  field: FieldSpec,
  path: (string | number)[],
  issues: TypeIssue[],
): FieldGenerator | undefined {
  const check = compileFieldCheck(field);
  const fits = (v: unknown, at: (string | number)[]) => {
    const problem = check(v);
    if (problem !== undefined) issues.push({ path: at, message: `${problem}` });
  };
  const numeric = field.kind === 'number' || field.kind === 'integer';
  const needNumeric = (key: string): boolean => {
    if (numeric) return true;
    issues.push({
      path: [...path, key],
      message: `${key} makes numbers; this field is ${allowedText(field)}`,
      onKey: true,
    });
    return false;
  };
  const positive = (v: string | number | undefined, fallback: number, at: (string | number)[]) => {
    const ms = v === undefined ? fallback : duration(v);
    if (!(ms > 0)) issues.push({ path: at, message: 'must be a duration above 0' });
    return ms;
  };
  if ('constant' in g) {
    fits(g.constant, [...path, 'constant']);
    return { kind: 'constant', value: g.constant };
  }
  if ('walk' in g) {
    if (!needNumeric('walk')) return undefined;
    const w = g.walk;
    const p = [...path, 'walk'];
    if (w.min >= w.max)
      issues.push({ path: [...p, 'min'], message: `min ${w.min} must be below max ${w.max}` });
    if (field.min !== undefined && w.min < field.min)
      issues.push({ path: [...p, 'min'], message: `${w.min} is below the field's min ${field.min}` });
    if (field.max !== undefined && w.max > field.max)
      issues.push({ path: [...p, 'max'], message: `${w.max} is above the field's max ${field.max}` });
    const start = w.start ?? (w.min + w.max) / 2;
    if (start < w.min || start > w.max)
      issues.push({ path: [...p, 'start'], message: `${start} is outside the walk's ${w.min}..${w.max}` });
    return {
      kind: 'walk',
      min: w.min,
      max: w.max,
      step: w.step,
      start,
      everyMs: positive(w.every, DEFAULTS.walkEveryMs, [...p, 'every']),
    };
  }
  if ('sine' in g) {
    if (!needNumeric('sine')) return undefined;
    const s = g.sine;
    const p = [...path, 'sine'];
    const periodMs = positive(s.period, DEFAULTS.periodMs, [...p, 'period']);
    const low = s.mean - s.amplitude;
    const high = s.mean + s.amplitude;
    if (field.min !== undefined && low < field.min)
      issues.push({
        path: [...p, 'amplitude'],
        message: `mean - amplitude = ${low} is below the field's min ${field.min}`,
      });
    if (field.max !== undefined && high > field.max)
      issues.push({
        path: [...p, 'amplitude'],
        message: `mean + amplitude = ${high} is above the field's max ${field.max}`,
      });
    const peakMs = s.peak === undefined ? periodMs / 4 : duration(s.peak);
    return { kind: 'sine', mean: s.mean, amplitude: s.amplitude, periodMs, peakMs, noise: s.noise ?? 0 };
  }
  if ('steps' in g) {
    const p = [...path, 'steps'];
    const periodMs = g.steps.period === undefined ? undefined : positive(g.steps.period, 0, [...p, 'period']);
    const values = g.steps.values.map((v, i) => {
      fits(v.value, [...p, 'values', i, 'value']);
      const atMs = duration(v.at);
      if (periodMs !== undefined && atMs >= periodMs)
        issues.push({ path: [...p, 'values', i, 'at'], message: `${String(v.at)} is not inside the period` });
      return { atMs, value: v.value };
    });
    for (let i = 1; i < values.length; i++)
      if (values[i]!.atMs <= values[i - 1]!.atMs)
        issues.push({ path: [...p, 'values', i, 'at'], message: 'steps must be in increasing order of at' });
    return { kind: 'steps', ...(periodMs !== undefined ? { periodMs } : {}), values };
  }
  if ('counter' in g) {
    if (!needNumeric('counter')) return undefined;
    const c = g.counter;
    const p = [...path, 'counter'];
    const start = c.start ?? 0;
    fits(start, [...p, 'start']);
    if (field.kind === 'integer' && !Number.isInteger(c.step ?? 1))
      issues.push({ path: [...p, 'step'], message: 'must be an integer for an integer field' });
    return {
      kind: 'counter',
      start,
      step: c.step ?? 1,
      everyMs: positive(c.every, DEFAULTS.counterEveryMs, [...p, 'every']),
    };
  }
  if ('cycle' in g) {
    const p = [...path, 'cycle'];
    g.cycle.values.forEach((v, i) => fits(v, [...p, 'values', i]));
    return {
      kind: 'cycle',
      values: g.cycle.values,
      everyMs: positive(g.cycle.every, DEFAULTS.cycleEveryMs, [...p, 'every']),
    };
  }
  try {
    return { kind: 'derive', text: g.derive, expr: parseExpression(g.derive) };
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    issues.push({ path: [...path, 'derive'], message: `expression: ${err.message}`, offset: err.offset });
    return undefined;
  }
}

/** Plain generators first (file order), then derived ones so each reads only fields before it. */
export function deriveOrder(generators: Record<string, FieldGenerator>, issues: TypeIssue[]): string[] {
  const order = Object.keys(generators).filter((n) => generators[n]!.kind !== 'derive');
  const derived = new Map<string, Set<string>>();
  for (const [name, g] of Object.entries(generators)) {
    if (g.kind !== 'derive') continue;
    const refs = expressionRefs(g.expr);
    for (const ref of refs) {
      if (ref === 'uptime_s') continue;
      if (!Object.hasOwn(generators, ref))
        issues.push({
          path: ['telemetry', name, 'simulate', 'derive'],
          message: `reads '${ref}', which is not a simulated telemetry field; known: ${['uptime_s', ...Object.keys(generators).filter((n) => n !== name)].join(', ')}`,
        });
    }
    derived.set(name, refs);
  }
  const placed = new Set(order);
  placed.add('uptime_s');
  let progress = true;
  while (derived.size > 0 && progress) {
    progress = false;
    for (const [name, refs] of derived) {
      if ([...refs].every((r) => placed.has(r) || !Object.hasOwn(generators, r))) {
        order.push(name);
        placed.add(name);
        derived.delete(name);
        progress = true;
      }
    }
  }
  for (const name of derived.keys())
    issues.push({
      path: ['telemetry', name, 'simulate', 'derive'],
      message: `derived fields read each other in a circle (${[...derived.keys()].join(', ')}); break the cycle`,
    });
  return order;
}
