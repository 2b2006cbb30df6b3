/**
 * TypeBox's `Value.Errors` reworded for people: one issue per problem, saying what was expected and what
 * was found, with the path of the value (and whether the key itself is the problem).
 */
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';

export type SpecPath = readonly (string | number)[];

export interface SpecIssue {
  /** Where, e.g. ['groups', 0, 'count']. */
  path: SpecPath;
  /** What was expected and what was found. */
  message: string;
  /** The key at `path` is the problem (an unknown key), not its value. */
  onKey?: boolean;
  /** 1-based position in the YAML source, when there is one. */
  line?: number;
  col?: number;
}

interface TbError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

type SchemaNode = Record<string, unknown>;

export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '' || pointer === '#') return [];
  return pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function at(root: unknown, path: SpecPath): unknown {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return String(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** "an integer >= 1", "one of 'a', 'b'", "a mapping" … */
export function describe(schema: SchemaNode): string {
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => show(v)).join(', ')}`;
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as SchemaNode[]).map(describe).join(' or ');
  const bounds: string[] = [];
  for (const [k, op] of [
    ['minimum', '>='],
    ['exclusiveMinimum', '>'],
    ['maximum', '<='],
    ['exclusiveMaximum', '<'],
  ] as const) {
    if (typeof schema[k] === 'number') bounds.push(`${op} ${schema[k]}`);
  }
  const range = bounds.length ? ` ${bounds.join(' and ')}` : '';
  switch (schema.type) {
    case 'integer':
      return `an integer${range}`;
    case 'number':
      return `a number${range}`;
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
    default:
      return 'a value';
  }
}

function fitsType(schema: SchemaNode, value: unknown): boolean {
  if ('const' in schema) return schema.const === value;
  const t = jsonType(value);
  return schema.type === t || (schema.type === 'number' && t === 'integer');
}

function schemaAt(root: TSchema, schemaPath: string): SchemaNode | undefined {
  return at(root, pointerToPath(schemaPath)) as SchemaNode | undefined;
}

/** Readable issues of `value` against `schema`; empty when it conforms. */
export function schemaIssues(schema: TSchema, value: unknown, base: SpecPath = []): SpecIssue[] {
  if (Value.Check(schema, value)) return [];
  const errors = [...Value.Errors(schema, value)] as unknown as TbError[];
  // Inside a union, keep only the errors of the member that has the value's type.
  const dropped = new Set<string>();
  const issues: SpecIssue[] = [];
  for (const e of errors) {
    if (e.keyword !== 'anyOf') continue;
    const members = (schemaAt(schema, e.schemaPath)?.anyOf ?? []) as SchemaNode[];
    const v = at(value, pointerToPath(e.instancePath));
    const fit = members.findIndex((m) => fitsType(m, v));
    members.forEach((_, i) => {
      if (i !== fit) dropped.add(`${e.schemaPath}/anyOf/${i}`);
    });
    if (fit < 0) {
      const path = [...base, ...pointerToPath(e.instancePath)];
      issues.push({ path, message: `expected ${members.map(describe).join(' or ')}, got ${show(v)}` });
    }
  }
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'boolean') continue;
    if ([...dropped].some((d) => e.schemaPath === d || e.schemaPath.startsWith(`${d}/`))) continue;
    const rel = pointerToPath(e.instancePath);
    const path = [...base, ...rel];
    const v = at(value, rel);
    const node = schemaAt(schema, e.schemaPath) ?? {};
    switch (e.keyword) {
      case 'additionalProperties': {
        const allowed = Object.keys((node.properties as object | undefined) ?? {});
        for (const key of (e.params.additionalProperties as string[]) ?? []) {
          issues.push({
            path: [...path, key],
            onKey: true,
            message: `unknown key '${key}'; allowed: ${allowed.join(', ')}`,
          });
        }
        break;
      }
      case 'required':
        for (const key of (e.params.requiredProperties as string[]) ?? []) {
          const props = (node.properties ?? {}) as Record<string, SchemaNode>;
          const want = props[key] ? ` (${describe(props[key])})` : '';
          issues.push({ path, message: `missing required key '${key}'${want}` });
        }
        break;
      case 'minLength':
      case 'maxLength':
      case 'minItems':
      case 'maxItems':
        issues.push({ path, message: `${e.message.replace(/^must/, 'expected to')}, got ${show(v)}` });
        break;
      default:
        issues.push({ path, message: `expected ${describe(node)}, got ${show(v)}` });
    }
  }
  return issues;
}

/** `groups[0].options.ratedCurrentA` */
export function pathText(path: SpecPath): string {
  if (path.length === 0) return '(top level)';
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}
