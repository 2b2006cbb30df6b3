/** TypeBox validation errors turned into messages that name the field, the value and what is allowed. */
import { formatValue, kindOf } from './check-field.ts';

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

const MAX_ERRORS = 20;

/**
 * The one wording of schema errors in twinbench: readable messages for `value`'s errors against a
 * compiled TypeBox `validator` (`Compile(schema)`), paths prefixed by `root` when given.
 */
export function formatSchemaErrors(
  validator: { Errors(value: unknown): readonly object[] },
  value: unknown,
  root = '',
): string[] {
  const out: string[] = [];
  for (const error of validator.Errors(value) as readonly SchemaError[]) {
    const text = describeError(error, value, root);
    if (text !== undefined && !out.includes(text)) out.push(text);
    if (out.length >= MAX_ERRORS) break;
  }
  return out.length > 0 ? out : [`${root || 'payload'}: does not match the expected shape`];
}

function describeError(error: SchemaError, root: unknown, prefix: string): string | undefined {
  const segments = error.instancePath.split('/').slice(1).map(unescapePointer);
  const path = joinPath(prefix, segments);
  const value = valueAt(root, segments);
  const p = error.params;
  switch (error.keyword) {
    case 'required': {
      const missing = (p.requiredProperties as string[] | undefined) ?? [];
      return missing
        .filter((name) => !(typeof value === 'object' && value !== null && name in value))
        .map((name) => `${joinPath(path, [name])}: is required`)
        .join('; ');
    }
    case 'type':
      return `${path || 'payload'}: ${formatValue(value)} is ${kindOf(value)}; allowed: ${String(p.type)}`;
    case 'enum':
      return `${path}: ${formatValue(value)} is not an allowed value; allowed: ${(p.allowedValues as unknown[]).map((v) => (v === '' ? '"" (empty)' : String(v))).join(' | ')}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${path}: ${formatValue(value)} is out of range; allowed: ${String(p.comparison)} ${String(p.limit)}`;
    case 'minLength':
      return `${path}: ${formatValue(value)} is too short; allowed: at least ${String(p.limit)} characters`;
    case 'maxLength':
      return `${path}: ${formatValue(value)} is too long; allowed: at most ${String(p.limit)} characters`;
    case 'anyOf':
    case 'const':
    case 'boolean':
      return undefined; // the branch errors say it better (or it is a duplicate of additionalProperties)
    case 'additionalProperties': {
      const extra = (p.additionalProperties as string[] | undefined) ?? [];
      return extra.map((name) => `${joinPath(path, [name])}: is not allowed here`).join('; ');
    }
    default:
      return `${path || 'payload'}: ${formatValue(value)} ${error.message}`;
  }
}

function joinPath(prefix: string, segments: string[]): string {
  let path = prefix;
  for (const s of segments) path = /^\d+$/.test(s) ? `${path}[${s}]` : path === '' ? s : `${path}.${s}`;
  return path;
}

function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

function valueAt(root: unknown, segments: string[]): unknown {
  let node = root;
  for (const s of segments) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[s];
  }
  return node;
}

/** Old name of `formatSchemaErrors`. */
export const schemaErrors = formatSchemaErrors;
