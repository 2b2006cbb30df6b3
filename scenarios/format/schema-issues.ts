import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';

/** A schema problem at a JSON pointer; `atKey` when it is about the key itself (an unknown key). */
export interface PathIssue {
  path: string;
  message: string;
  atKey?: boolean;
}

interface Problem extends PathIssue {
  /** The value's shape is wrong where the check began (type, missing/unknown key, wrong constant). */
  kind: 'shape' | 'value';
}

type Schema = {
  type?: string;
  description?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  patternProperties?: Record<string, Schema>;
  items?: Schema | Schema[];
  additionalItems?: boolean;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
};

export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const ARTICLE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'a map',
  array: 'a list',
  null: 'null',
};

function describe(s: Schema): string {
  if (s.description) return s.description;
  if ('const' in s) return JSON.stringify(s.const);
  if (s.type) return ARTICLE[s.type] ?? s.type;
  if (s.anyOf) return s.anyOf.map(describe).join(' or ');
  return 'a value';
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'object':
      return isMap(v);
    case 'array':
      return Array.isArray(v);
    case 'integer':
      return Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'null':
      return v === null;
    default:
      return typeof v === type;
  }
}

const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function check(s: Schema, v: unknown, path: string): Problem[] {
  if (s.anyOf) return checkUnion(s, v, path);
  const expected = () => `expected ${describe(s)}, got ${show(v)}`;
  if ('const' in s && !deepEqual(s.const, v)) return [{ path, kind: 'shape', message: expected() }];
  if (s.enum && !s.enum.some((x) => deepEqual(x, v)))
    return [
      {
        path,
        kind: 'shape',
        message: `expected one of ${s.enum.map((x) => String(x)).join(', ')}, got ${show(v)}`,
      },
    ];
  if (s.type && !typeOk(s.type, v)) return [{ path, kind: 'shape', message: expected() }];
  if (s.type === 'object' && isMap(v)) return checkObject(s, v, path);
  if (s.type === 'array' && Array.isArray(v)) return checkArray(s, v, path);
  const out: Problem[] = [];
  if (typeof v === 'string') {
    if (s.pattern !== undefined && !new RegExp(s.pattern).test(v))
      out.push({ path, kind: 'value', message: expected() });
    if (s.minLength !== undefined && v.length < s.minLength)
      out.push({
        path,
        kind: 'value',
        message: `expected at least ${s.minLength} character(s), got ${show(v)}`,
      });
  }
  if (typeof v === 'number') {
    const bound = (ok: boolean, cmp: string, limit: number) => {
      if (!ok)
        out.push({ path, kind: 'value', message: `expected a number ${cmp} ${limit}, got ${show(v)}` });
    };
    if (s.minimum !== undefined) bound(v >= s.minimum, '>=', s.minimum);
    if (s.maximum !== undefined) bound(v <= s.maximum, '<=', s.maximum);
    if (s.exclusiveMinimum !== undefined) bound(v > s.exclusiveMinimum, '>', s.exclusiveMinimum);
    if (s.exclusiveMaximum !== undefined) bound(v < s.exclusiveMaximum, '<', s.exclusiveMaximum);
  }
  return out;
}

function checkObject(s: Schema, v: Record<string, unknown>, path: string): Problem[] {
  const out: Problem[] = [];
  const props = s.properties ?? {};
  const missing = (s.required ?? []).filter((k) => v[k] === undefined);
  if (missing.length > 0) {
    const what = missing.map((k) => (props[k]?.description ? `'${k}' (${props[k].description})` : `'${k}'`));
    out.push({ path, kind: 'shape', message: `missing ${what.join(', ')}` });
  }
  for (const [k, value] of Object.entries(v)) {
    const p = `${path}/${esc(k)}`;
    const own = props[k];
    if (own) {
      if (value !== undefined) out.push(...check(own, value, p));
      continue;
    }
    const pattern = Object.entries(s.patternProperties ?? {}).find(([re]) => new RegExp(re).test(k));
    if (pattern) out.push(...check(pattern[1], value, p));
    else if (s.additionalProperties === false) {
      const allowed = Object.keys(props);
      out.push({
        path: p,
        atKey: true,
        kind: 'shape',
        message: `unknown key '${k}'; expected ${allowed.length ? `one of: ${allowed.join(', ')}` : 'no keys here'}`,
      });
    } else if (typeof s.additionalProperties === 'object')
      out.push(...check(s.additionalProperties, value, p));
  }
  return out;
}

function checkArray(s: Schema, v: unknown[], path: string): Problem[] {
  const out: Problem[] = [];
  if (s.minItems !== undefined && v.length < s.minItems)
    out.push({ path, kind: 'value', message: `expected at least ${s.minItems} item(s), got ${v.length}` });
  if (s.maxItems !== undefined && v.length > s.maxItems)
    out.push({ path, kind: 'value', message: `expected at most ${s.maxItems} item(s), got ${v.length}` });
  v.forEach((item, i) => {
    const itemSchema = Array.isArray(s.items) ? s.items[i] : s.items;
    if (itemSchema) out.push(...check(itemSchema, item, `${path}/${i}`));
    else if (Array.isArray(s.items) && s.additionalItems === false)
      out.push({
        path: `${path}/${i}`,
        kind: 'value',
        message: `expected ${s.items.length} item(s), not more`,
      });
  });
  return out;
}

/** A failed union reports the branch the author most likely meant, or says what the union accepts. */
function checkUnion(s: Schema, v: unknown, path: string): Problem[] {
  const branches = (s.anyOf ?? []).map((b) => ({ b, problems: check(b, v, path) }));
  if (branches.some((x) => x.problems.length === 0)) return [];
  // A discriminator: every branch is an object whose `kind` (or similar) constant differs.
  const disc = discriminator(s, v);
  if (disc) {
    return [
      {
        path: `${path}/${esc(disc.key)}`,
        kind: 'shape',
        message: `expected one of ${disc.values.join(', ')}, got ${show(disc.got)}`,
      },
    ];
  }
  const isShapeHere = (p: Problem) =>
    p.kind === 'shape' && (p.path === path || (p.atKey === true && parent(p.path) === path));
  const scored = branches.map((x) => ({ ...x, score: x.problems.filter(isShapeHere).length }));
  const min = Math.min(...scored.map((x) => x.score));
  const best = scored.filter((x) => x.score === min);
  const chosen = [...best].sort((a, b) => a.problems.length - b.problems.length)[0];
  if (chosen && (best.length === 1 || min === 0)) {
    // A problem with the value itself is said in the union's words ("a duration: 500ms, 10s …").
    return chosen.problems.map((p) =>
      p.path === path && p.kind === 'value' && s.description
        ? { ...p, message: `expected ${s.description}, got ${show(v)}` }
        : p,
    );
  }
  return [{ path, kind: 'shape', message: `expected ${describe(s)}, got ${show(v)}` }];
}

function discriminator(s: Schema, v: unknown): { key: string; values: string[]; got: unknown } | undefined {
  if (!isMap(v)) return undefined;
  const first = s.anyOf?.[0]?.properties;
  if (!first) return undefined;
  for (const key of Object.keys(first)) {
    const values = (s.anyOf ?? []).map((b) => b.properties?.[key]?.const);
    if (values.every((x) => typeof x === 'string') && !values.includes(v[key] as string))
      return { key, values: values as string[], got: v[key] };
  }
  return undefined;
}

const parent = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf('/')));

/**
 * Checks `value` against `schema` and says, per path, what was expected (unions resolved to one branch).
 * Not twin/'s `formatSchemaErrors`, on purpose: that one words TypeBox's errors as text with dotted paths,
 * while scenario files need JSON pointers (to point at file:line:col through the source map) and one
 * branch of a union (a step is a union of kinds; TypeBox reports every branch).
 */
export function schemaIssues(schema: TSchema, value: unknown): PathIssue[] {
  const problems = check(schema as Schema, value, '');
  const seen = new Set<string>();
  const out: PathIssue[] = [];
  for (const { kind: _kind, ...issue } of problems) {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  // Safety net: the walk above covers the keywords our schemas use; TypeBox has the last word.
  if (out.length === 0 && !Value.Check(schema, value)) {
    for (const e of Value.Errors(schema, value))
      out.push({ path: (e as { instancePath?: string }).instancePath ?? '', message: e.message });
  }
  return out;
}
