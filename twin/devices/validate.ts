/**
 * Checking telemetry, desired-state patches and command requests against the device specs (built-in
 * or registered from a device-type file, see type-registry.ts). Field
 * checks are compiled once per type (see check-field.ts for why they are hand-written). Nothing
 * here throws: every function returns a `Result` listing all problems found.
 */
import { fail, ok, type Result } from '../result.ts';
import { isJsonObject } from '../shadow/json.ts';
import { closestName, compileFieldCheck, formatValue, kindOf, type FieldCheck } from './check-field.ts';
import type { CommandRequest, Telemetry } from './envelopes.ts';
import type { DeviceTypeSpec, FieldSpec, FieldValue } from './fields.ts';
import { decodeJson } from './payload.ts';
import { deviceTypeSpec, knownDeviceTypes } from './type-registry.ts';

export interface ValidationOptions {
  /** Accept fields the spec does not list (their values must still be numbers, booleans or strings). Default false. */
  allowUnknownFields?: boolean;
}

/** A checked desired-state patch: `null` deletes a property. */
export type DesiredPatch = Record<string, FieldValue | null>;

const MAX_ERRORS = 20;
const ENVELOPE_KEYS = new Set(['ts', 'seq', 'sent', 'fields']);

interface CompiledType {
  telemetry: Map<string, FieldCheck>;
  desired: Map<string, FieldCheck>;
  commands: Map<string, Map<string, FieldCheck>>;
}

function compileFields(fields: Record<string, FieldSpec>): Map<string, FieldCheck> {
  return new Map(Object.entries(fields).map(([name, spec]) => [name, compileFieldCheck(spec)]));
}

// Compiled once per spec object; a registered type is compiled the first time one of its messages comes.
const COMPILED = new WeakMap<DeviceTypeSpec<string>, CompiledType>();

function compiledFor(type: string): CompiledType | undefined {
  const spec = deviceTypeSpec(type);
  if (spec === undefined) return undefined;
  let compiled = COMPILED.get(spec);
  if (compiled === undefined) {
    const commands = new Map(
      Object.entries(spec.commands).map(([name, c]) => [name, compileFields(c.params)]),
    );
    compiled = { telemetry: compileFields(spec.telemetry), desired: compileFields(spec.desired), commands };
    COMPILED.set(spec, compiled);
  }
  return compiled;
}

/** Collects problems, stopping at MAX_ERRORS so a garbage payload cannot produce a huge answer. */
class Problems {
  readonly list: string[] = [];
  add(message: string): void {
    if (this.list.length < MAX_ERRORS) this.list.push(message);
    else if (this.list.length === MAX_ERRORS) this.list.push('… more problems not shown');
  }
  get none(): boolean {
    return this.list.length === 0;
  }
}

function unknownType(type: unknown): Result<never> {
  return fail([
    `device type ${formatValue(type)} is unknown; allowed: ${knownDeviceTypes().join(' | ')} (or load a device-type file that defines it)`,
  ]);
}

/**
 * Checks a telemetry message of a device of `type`: the envelope `{ts?, seq?, sent?, fields}` or the
 * flat form (every key but ts/seq/sent is a field). `payload` may be the raw MQTT bytes, text or a
 * parsed value.
 */
export function parseTelemetry(
  type: string,
  payload: unknown,
  options: ValidationOptions = {},
): Result<Telemetry> {
  const compiled = compiledFor(type);
  if (compiled === undefined) return unknownType(type);
  const decoded = decodeJson(payload);
  if (!decoded.ok) return decoded;
  const message = decoded.value;
  if (!isJsonObject(message)) {
    return fail([
      `telemetry is ${kindOf(message)}; send a JSON object, {"fields":{...}} or flat {"field":value}`,
    ]);
  }
  const problems = new Problems();
  const allowUnknown = options.allowUnknownFields === true;
  const telemetry: Telemetry = { fields: {} };
  checkStamp(message, 'ts', telemetry, problems);
  checkStamp(message, 'seq', telemetry, problems);
  checkStamp(message, 'sent', telemetry, problems);

  if (Object.hasOwn(message, 'fields')) {
    const fields = message.fields;
    if (!isJsonObject(fields)) {
      problems.add(`fields: ${formatValue(fields)} is ${kindOf(fields)}; allowed: an object of field values`);
    } else {
      for (const name in fields) {
        checkField(
          type,
          'telemetry',
          compiled.telemetry,
          name,
          fields[name],
          `fields.${name}`,
          allowUnknown,
          problems,
        );
      }
      telemetry.fields = fields as Record<string, FieldValue>; // checked above; no copy on the hot path
    }
    if (!allowUnknown) {
      for (const key in message) {
        if (!ENVELOPE_KEYS.has(key)) {
          problems.add(
            `${key}: is not allowed next to "fields" (allowed: ts, seq, sent, fields); move it into "fields"`,
          );
        }
      }
    }
  } else {
    const fields: Record<string, FieldValue> = {};
    for (const name in message) {
      if (name === 'ts' || name === 'seq' || name === 'sent') continue;
      const value = message[name];
      if (checkField(type, 'telemetry', compiled.telemetry, name, value, name, allowUnknown, problems)) {
        fields[name] = value as FieldValue;
      }
    }
    telemetry.fields = fields;
  }
  return problems.none ? ok(telemetry) : fail(problems.list);
}

function checkStamp(
  message: Record<string, unknown>,
  key: 'ts' | 'seq' | 'sent',
  out: Telemetry,
  problems: Problems,
): void {
  if (!Object.hasOwn(message, key)) return;
  const value = message[key];
  const integer = key === 'seq';
  if (
    typeof value === 'number' &&
    value >= 0 &&
    (integer ? Number.isSafeInteger(value) : Number.isFinite(value))
  ) {
    out[key] = value;
    return;
  }
  const allowed = integer ? 'integer >= 0 (per-device counter)' : 'number >= 0 (ms since epoch)';
  problems.add(`${key}: ${formatValue(value)} is not valid; allowed: ${allowed}`);
}

/** Checks one field; returns true when it is accepted. */
function checkField(
  type: string,
  section: 'telemetry' | 'desired' | 'params',
  checks: Map<string, FieldCheck>,
  name: string,
  value: unknown,
  path: string,
  allowUnknown: boolean,
  problems: Problems,
): boolean {
  const check = checks.get(name);
  if (check !== undefined) {
    const problem = check(value);
    if (problem === undefined) return true;
    problems.add(`${path}: ${problem}`);
    return false;
  }
  if (allowUnknown) {
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return true;
    problems.add(`${path}: ${formatValue(value)} is ${kindOf(value)}; allowed: number, boolean or string`);
    return false;
  }
  const near = closestName(name, checks.keys());
  const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
  const what = section === 'params' ? 'parameter of this command' : `${section} field of a ${type}`;
  const fix =
    section === 'params'
      ? `allowed: ${[...checks.keys()].join(', ') || 'no parameters'}`
      : 'pass allowUnknownFields to accept extra fields';
  problems.add(`${path}: ${formatValue(value)} is given but "${name}" is not a ${what}${hint}; ${fix}`);
  return false;
}

/** Checks a desired-state patch for a device of `type`; `null` values (deletions) are always accepted. */
export function validateDesired(
  type: string,
  desiredPatch: unknown,
  options: ValidationOptions = {},
): Result<DesiredPatch> {
  const compiled = compiledFor(type);
  if (compiled === undefined) return unknownType(type);
  if (!isJsonObject(desiredPatch)) {
    return fail([
      `desired: ${formatValue(desiredPatch)} is ${kindOf(desiredPatch)}; allowed: an object of desired properties`,
    ]);
  }
  const problems = new Problems();
  const allowUnknown = options.allowUnknownFields === true;
  for (const name in desiredPatch) {
    const value = desiredPatch[name];
    if (value === null) continue;
    checkField(type, 'desired', compiled.desired, name, value, `desired.${name}`, allowUnknown, problems);
  }
  return problems.none ? ok(desiredPatch as DesiredPatch) : fail(problems.list);
}

/** Checks a command for a device of `type`: the name is one of its commands, the params fit. */
export function parseCommandRequest(type: string, name: unknown, params?: unknown): Result<CommandRequest> {
  const compiled = compiledFor(type);
  if (compiled === undefined) return unknownType(type);
  const commands = compiled.commands;
  const known = [...commands.keys()];
  if (typeof name !== 'string' || !commands.has(name)) {
    const near = typeof name === 'string' ? closestName(name, known) : undefined;
    const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
    return fail([
      `name: ${formatValue(name)} is not a ${type} command${hint}; allowed: ${known.join(' | ')}`,
    ]);
  }
  if (params === undefined || params === null) return ok({ name, params: {} });
  if (!isJsonObject(params)) {
    return fail([`params: ${formatValue(params)} is ${kindOf(params)}; allowed: an object of parameters`]);
  }
  const checks = commands.get(name)!;
  const problems = new Problems();
  for (const param in params) {
    checkField(type, 'params', checks, param, params[param], `params.${param}`, false, problems);
  }
  return problems.none ? ok({ name, params: params as Record<string, FieldValue> }) : fail(problems.list);
}
