// What a device-type document gets wrong before it is compiled: schema issues with readable paths,
// generator shapes, and names that break the naming rule.
import { DURATION_PATTERN, durationError } from '../time/duration.ts';
import { lazyCompile } from './lazy-compile.ts';
import { FIELD_NAME_PATTERN, GENERATOR_SCHEMAS } from './type-file-schema.ts';

export interface TypeIssue {
  path: (string | number)[];
  message: string;
  /** The key at `path` is the problem, not its value. */
  onKey?: boolean;
  /** Offset into the string value at `path` (an expression error). */
  offset?: number;
}

/** Schema issues of `value` against `check`: paths (under `prefix`) and readable messages (first 20). */
export function schemaIssues(
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
export function generatorShapeIssues(doc: Record<string, unknown>): TypeIssue[] {
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
export function nameIssues(doc: Record<string, unknown>): TypeIssue[] {
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
