/**
 * A device-type document (checked against DeviceTypeFileSchema) compiled into what the rest of
 * twinbench uses: a `DeviceTypeSpec` (validation, schemas, the API) and a simulation plan (one
 * generator per field, derived fields in dependency order). Everything the schema cannot say (a walk
 * outside the field's range, an expression that does not parse or reads a missing field, a cycle of
 * derived fields) is checked here and reported as issues with the path of the value.
 */
import { lazyCompile } from './lazy-compile.ts';
import { REGISTRY_DEVICE_TYPES } from './device-type.ts';
import { COMMON_TELEMETRY, type CommandSpec, type DeviceTypeSpec, type FieldSpec } from './fields.ts';
import { DeviceTypeFileSchema, type DeviceTypeFileDocument } from './type-file-schema.ts';
import { deriveOrder, duration, generator, type FieldGenerator } from './type-generators.ts';
import { generatorShapeIssues, nameIssues, schemaIssues, type TypeIssue } from './type-issues.ts';

export type { FieldGenerator } from './type-generators.ts';
export type { TypeIssue } from './type-issues.ts';

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

export const DEFAULT_PUBLISH_INTERVAL_MS = 10_000;

// Compiled on first use: a process that reads no device-type file does not generate its checking code.
const fileCheck = lazyCompile(DeviceTypeFileSchema);

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
