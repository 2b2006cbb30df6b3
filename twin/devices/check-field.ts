/**
 * Checking one field value against its FieldSpec. Hand-written rather than a schema validator so
 * that a rejection reads "fields.voltage_an: 512 is out of range; allowed: number 0..480 V" — the
 * field, the value and what is allowed, with the unit — and so the 20k msg/s telemetry path is a
 * map lookup plus a couple of comparisons per field.
 */
import type { FieldSpec } from './fields.ts';

/** Returns `undefined` when the value fits, else the problem, e.g. `512 is out of range; allowed: number 0..480 V`. */
export type FieldCheck = (value: unknown) => string | undefined;

export function compileFieldCheck(spec: FieldSpec): FieldCheck {
  const allowed = allowedText(spec);
  const min = spec.min ?? -Infinity;
  const max = spec.max ?? Infinity;
  switch (spec.kind) {
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? undefined : wrongKind(v, allowed));
    case 'string': {
      const values = spec.enum;
      if (values === undefined) return (v) => (typeof v === 'string' ? undefined : wrongKind(v, allowed));
      const set = new Set<unknown>(values);
      return (v) => {
        if (set.has(v)) return undefined;
        if (typeof v !== 'string') return wrongKind(v, allowed);
        return `${formatValue(v)} is not an allowed value; allowed: ${allowed}`;
      };
    }
    case 'integer':
    case 'number': {
      const integer = spec.kind === 'integer';
      return (v) => {
        if (typeof v !== 'number') return wrongKind(v, allowed);
        if (!Number.isFinite(v)) return `${String(v)} is not a finite number; allowed: ${allowed}`;
        if (integer && !Number.isInteger(v))
          return `${formatValue(v)} is not an integer; allowed: ${allowed}`;
        if (v < min || v > max) return `${formatValue(v)} is out of range; allowed: ${allowed}`;
        return undefined;
      };
    }
  }
}

/** What a field accepts, e.g. `number 0..480 V`, `integer >= 0`, `closed | open | tripped`. */
export function allowedText(spec: FieldSpec): string {
  if (spec.enum !== undefined) return spec.enum.join(' | ');
  if (spec.kind === 'boolean' || spec.kind === 'string') return spec.kind;
  let range = '';
  if (spec.min !== undefined && spec.max !== undefined) range = ` ${spec.min}..${spec.max}`;
  else if (spec.min !== undefined) range = ` >= ${spec.min}`;
  else if (spec.max !== undefined) range = ` <= ${spec.max}`;
  const unit = spec.unit === undefined ? '' : range === '' ? ` (${spec.unit})` : ` ${spec.unit}`;
  return `${spec.kind}${range}${unit}`;
}

function wrongKind(value: unknown, allowed: string): string {
  return `${formatValue(value)} is ${kindOf(value)}; allowed: ${allowed}`;
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'undefined':
      return 'undefined';
    case 'number':
    case 'boolean':
    case 'string':
      return `a ${typeof value}`;
    default:
      return `a ${typeof value}`;
  }
}

/** A value as JSON, cut at 60 characters. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** The closest known name to a misspelt one (edit distance at most 2), for "did you mean" hints. */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = editDistance(name, candidate, bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = row;
  }
  return prev[b.length]!;
}
