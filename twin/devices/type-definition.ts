/**
 * A device-type document (checked against DeviceTypeFileSchema) compiled into what the rest of
 * twinbench uses: a `DeviceTypeSpec` (validation, schemas, the API) and a simulation plan (one
 * generator per field, derived fields in dependency order). Everything the schema cannot say (a walk
 * outside the field's range, an expression that does not parse or reads a missing field, a cycle of
 * derived fields) is checked here and reported as issues with the path of the value.
 */
import { lazyCompile } from './lazy-compile.ts';
import { DURATION_PATTERN, durationError, tryParseDuration } from '../time/duration.ts';
import { allowedText, compileFieldCheck } from './check-field.ts';
import { REGISTRY_DEVICE_TYPES } from './device-type.ts';
import { ExpressionError, expressionRefs, parseExpression, type Expr } from './expression.ts';
import {
  COMMON_TELEMETRY,
  type CommandSpec,
  type DeviceTypeSpec,
  type FieldSpec,
  type FieldValue,
} from './fields.ts';
import {
  DeviceTypeFileSchema,
  FIELD_NAME_PATTERN,
  GENERATOR_SCHEMAS,
  type DeviceTypeFileDocument,
  type FieldGeneratorDocument,
} from './type-file-schema.ts';

/** How the simulator produces one field, with durations in ms. */
export type FieldGenerator =
  | { kind: 'constant'; value: FieldValue }
  | { kind: 'walk'; min: number; max: number; step: number; start: number; everyMs: number }
  | { kind: 'sine'; mean: number; amplitude: number; periodMs: number; peakMs: number; noise: number }
  | { kind: 'steps'; periodMs?: number; values: { atMs: number; value: FieldValue }[] }
  | { kind: 'counter'; start: number; step: number; everyMs: number }
  | { kind: 'cycle'; values: FieldValue[]; everyMs: number }
  | { kind: 'derive'; text: string; expr: Expr };

export interface SimulationPlan {
  publishIntervalMs: number;
  /** Generated fields (not derived) first, then derived ones in an order where each reads only earlier ones. */
  order: string[];
  generators: Record<string, FieldGenerator>;
}

/** A device type loaded from data. */
export interface DeviceTypeDefinition {
  name: string;
  /** Prefix of default device ids. */
  short: string;
  /** The file it came from (or 'inline'). */
  source: string;
  spec: DeviceTypeSpec<string>;
  simulation: SimulationPlan;
  /** The document as written: what a platform in another process or container is given. */
  document: DeviceTypeFileDocument;
}

export interface TypeIssue {
  path: (string | number)[];
  message: string;
  /** The key at `path` is the problem, not its value. */
  onKey?: boolean;
  /** Offset into the string value at `path` (an expression error). */
  offset?: number;
}

export const DEFAULT_PUBLISH_INTERVAL_MS = 10_000;
const DEFAULTS = { walkEveryMs: 10_000, counterEveryMs: 60_000, cycleEveryMs: 60_000, periodMs: 86_400_000 };

// Compiled on first use: a process that reads no device-type file does not generate its checking code.
const fileCheck = lazyCompile(DeviceTypeFileSchema);

/** Schema issues of `value` against `check`: paths (under `prefix`) and readable messages (first 20). */
function schemaIssues(
  check: { Errors(value: unknown): Iterable<object> },
  value: unknown,
  prefix: (string | number)[] = [],
): TypeIssue[] {
  const out: TypeIssue[] = [];
  const durationPaths = new Set<string>();
  for (const e of [...check.Errors(value)] as unknown as {
    keyword: string;
    instancePath: string;
    params: Record<string, unknown>;
    message: string;
  }[]) {
    const inner = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const path = [...prefix, ...inner];
    const shown = JSON.stringify(valueAt(value, inner));
    if (e.keyword === 'anyOf' || e.keyword === 'boolean') continue; // generator unions: the key-level issue below says it better
    if (e.keyword === 'additionalProperties') {
      for (const key of (e.params.additionalProperties as string[] | undefined) ?? [])
        out.push({ path: [...path, key], message: `unknown key '${key}'`, onKey: true });
      continue;
    }
    if (e.keyword === 'required') {
      for (const key of (e.params.requiredProperties as string[] | undefined) ?? [])
        out.push({ path, message: `'${key}' is required` });
      continue;
    }
    if (e.keyword === 'enum') {
      const allowed = (e.params.allowedValues as unknown[] | undefined) ?? [];
      out.push({ path, message: `${shown} is not allowed; use one of ${allowed.join(', ')}` });
      continue;
    }
    if (e.keyword === 'pattern') {
      const pattern = e.params.pattern;
      if (pattern === DURATION_PATTERN) {
        durationPaths.add(path.join('.'));
        out.push({ path, message: durationError(valueAt(value, inner)) });
      } else if (path[path.length - 1] === 'short') {
        out.push({ path, message: `${shown} is not a short name: use 1 to 8 lowercase letters or digits` });
      } else {
        out.push({ path, message: `${shown} is not a name: ${NAME_RULE}` });
      }
      continue;
    }
    out.push({ path, message: `${shown} ${e.message}` });
  }
  // A duration is text or a number: once its text is wrong, "must be number" only repeats it.
  const kept = out.filter(
    (i) => !(durationPaths.has(i.path.join('.')) && i.message.endsWith('must be number')),
  );
  return dedupe(kept).slice(0, 20);
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let node = root;
  for (const p of path)
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[p] : undefined;
  return node;
}

function dedupe(issues: TypeIssue[]): TypeIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path.join('.')}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A generator's key, e.g. 'walk', of a generator document. */
const GENERATOR_KEYS = ['constant', 'walk', 'sine', 'steps', 'counter', 'cycle', 'derive'] as const;
type GeneratorKey = (typeof GENERATOR_KEYS)[number];
const generatorChecks = Object.fromEntries(
  GENERATOR_KEYS.map((k) => [k, lazyCompile(GENERATOR_SCHEMAS[k])]),
) as unknown as Record<GeneratorKey, () => { Errors(value: unknown): Iterable<object> }>;

/**
 * Checks the simulate keys of the telemetry fields one by one first: a generator union's schema
 * errors name every branch, while "walk.step: must be > 0" is what a person needs.
 */
function generatorShapeIssues(doc: Record<string, unknown>): TypeIssue[] {
  const telemetry = doc.telemetry;
  if (typeof telemetry !== 'object' || telemetry === null) return [];
  const out: TypeIssue[] = [];
  for (const [name, field] of Object.entries(telemetry)) {
    if (typeof field !== 'object' || field === null || !('simulate' in field)) continue;
    const sim = (field as { simulate: unknown }).simulate;
    const path = ['telemetry', name, 'simulate'];
    if (typeof sim !== 'object' || sim === null || Array.isArray(sim)) {
      out.push({ path, message: `expected one generator: ${GENERATOR_KEYS.join(', ')}` });
      continue;
    }
    const keys = Object.keys(sim);
    const known = keys.filter((k) => (GENERATOR_KEYS as readonly string[]).includes(k));
    for (const k of keys.filter((k) => !known.includes(k)))
      out.push({
        path: [...path, k],
        message: `unknown generator '${k}'; use one of ${GENERATOR_KEYS.join(', ')}`,
        onKey: true,
      });
    if (known.length !== 1 && keys.length === known.length)
      out.push({
        path,
        message: `give exactly one generator (${GENERATOR_KEYS.join(', ')}), not ${known.length}`,
      });
    if (known.length === 1 && keys.length === 1) {
      const key = known[0] as GeneratorKey;
      out.push(...schemaIssues(generatorChecks[key](), sim, path));
    }
  }
  return out;
}

const NAME_RULE = 'use lowercase letters, digits and _, starting with a letter (at most 64)';

/** Field, property, command and parameter names that break the rule (the schema's records do not check keys). */
function nameIssues(doc: Record<string, unknown>): TypeIssue[] {
  const out: TypeIssue[] = [];
  const re = new RegExp(FIELD_NAME_PATTERN);
  const check = (map: unknown, path: (string | number)[]) => {
    if (typeof map !== 'object' || map === null || Array.isArray(map)) return;
    for (const name of Object.keys(map))
      if (!re.test(name))
        out.push({ path: [...path, name], message: `'${name}' is not a name: ${NAME_RULE}`, onKey: true });
  };
  check(doc.telemetry, ['telemetry']);
  check(doc.desired, ['desired']);
  check(doc.commands, ['commands']);
  if (typeof doc.commands === 'object' && doc.commands !== null)
    for (const [name, c] of Object.entries(doc.commands))
      if (typeof c === 'object' && c !== null)
        check((c as { params?: unknown }).params, ['commands', name, 'params']);
  return out;
}

/**
 * Compiles a parsed document. Returns the definition, or the issues (schema first; semantic checks
 * run only on a document of the right shape).
 */
export function compileDeviceType(
  value: unknown,
  source: string,
): { ok: true; definition: DeviceTypeDefinition } | { ok: false; issues: TypeIssue[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, issues: [{ path: [], message: 'expected a mapping with name and telemetry' }] };
  // Generators are checked one by one (above); the union's own errors under `simulate` would only repeat them.
  const shape = [
    ...nameIssues(value as Record<string, unknown>),
    ...generatorShapeIssues(value as Record<string, unknown>),
  ];
  const underSimulate = (i: TypeIssue) => i.path[0] === 'telemetry' && i.path[2] === 'simulate';
  const check = fileCheck();
  const rest = check.Check(value) ? [] : schemaIssues(check, value).filter((i) => !underSimulate(i));
  if (shape.length > 0 || rest.length > 0) return { ok: false, issues: [...shape, ...rest].slice(0, 20) };
  if (!check.Check(value)) return { ok: false, issues: schemaIssues(check, value) }; // narrows `value`
  const doc = value;
  const issues: TypeIssue[] = [];
  if ((REGISTRY_DEVICE_TYPES as readonly string[]).includes(doc.name))
    issues.push({ path: ['name'], message: `'${doc.name}' is a built-in type; give your type another name` });

  const telemetry: Record<string, FieldSpec> = { ...COMMON_TELEMETRY };
  for (const [name, f] of Object.entries(doc.telemetry)) {
    if (Object.hasOwn(COMMON_TELEMETRY, name)) {
      issues.push({
        path: ['telemetry', name],
        message: `'${name}' is added to every type by twinbench; remove it`,
        onKey: true,
      });
      continue;
    }
    telemetry[name] = fieldSpec(f, ['telemetry', name], issues);
  }
  const desired: Record<string, FieldSpec> = {};
  for (const [name, f] of Object.entries(doc.desired ?? {}))
    desired[name] = fieldSpec(f, ['desired', name], issues);
  const commands: Record<string, CommandSpec> = {};
  for (const [name, c] of Object.entries(doc.commands ?? {})) {
    const params: Record<string, FieldSpec> = {};
    for (const [p, f] of Object.entries(c.params ?? {}))
      params[p] = fieldSpec(f, ['commands', name, 'params', p], issues);
    commands[name] = { description: c.description ?? name, params };
  }

  const generators: Record<string, FieldGenerator> = {};
  for (const [name, f] of Object.entries(doc.telemetry)) {
    if (f.simulate === undefined || telemetry[name] === undefined) continue;
    const g = generator(f.simulate, telemetry[name], ['telemetry', name, 'simulate'], issues);
    if (g !== undefined) generators[name] = g;
  }
  const order = deriveOrder(generators, issues);

  const intervalMs =
    doc.simulate?.interval === undefined ? DEFAULT_PUBLISH_INTERVAL_MS : duration(doc.simulate.interval);
  if (intervalMs < 100) issues.push({ path: ['simulate', 'interval'], message: 'must be at least 100ms' });
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    definition: {
      name: doc.name,
      short: doc.short ?? doc.name.replaceAll('_', '').slice(0, 4),
      source,
      spec: { type: doc.name, description: doc.description ?? doc.name, telemetry, desired, commands },
      simulation: { publishIntervalMs: intervalMs, order, generators },
      document: doc,
    },
  };
}

function duration(v: string | number): number {
  return tryParseDuration(v) ?? NaN;
}

function fieldSpec(
  f: {
    kind: FieldSpec['kind'];
    description?: string;
    unit?: string;
    min?: number;
    max?: number;
    enum?: string[];
  },
  path: (string | number)[],
  issues: TypeIssue[],
): FieldSpec {
  const numeric = f.kind === 'number' || f.kind === 'integer';
  if (!numeric && (f.min !== undefined || f.max !== undefined))
    issues.push({
      path: [...path, f.min !== undefined ? 'min' : 'max'],
      message: `min and max apply to number and integer fields, not ${f.kind}`,
      onKey: true,
    });
  if (f.enum !== undefined && f.kind !== 'string')
    issues.push({
      path: [...path, 'enum'],
      message: `enum applies to string fields, not ${f.kind}`,
      onKey: true,
    });
  if (f.min !== undefined && f.max !== undefined && f.min > f.max)
    issues.push({ path: [...path, 'min'], message: `min ${f.min} is above max ${f.max}` });
  const spec: FieldSpec = { kind: f.kind, description: f.description ?? path[path.length - 1]!.toString() };
  if (f.unit !== undefined) spec.unit = f.unit;
  if (f.min !== undefined) spec.min = f.min;
  if (f.max !== undefined) spec.max = f.max;
  if (f.enum !== undefined) spec.enum = f.enum;
  return spec;
}

function generator(
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
function deriveOrder(generators: Record<string, FieldGenerator>, issues: TypeIssue[]): string[] {
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
