/** How device fields, commands and types are described, with small builders that keep literal types. */
import type { DeviceType } from './device-type.ts';

export type FieldKind = 'number' | 'integer' | 'boolean' | 'string';

export interface FieldSpec {
  kind: FieldKind;
  unit?: string;
  /** Inclusive bounds, for `number` and `integer`. */
  min?: number;
  max?: number;
  /** Allowed values, for `string`. */
  enum?: readonly string[];
  description: string;
}

export interface CommandSpec {
  description: string;
  /** Every parameter is optional in a request; each one present is checked. */
  params: Record<string, FieldSpec>;
}

/** A device type's spec: `T` is the name's type (a built-in's literal; `string` for one loaded from a file). */
export interface DeviceTypeSpec<T extends string = DeviceType> {
  type: T;
  description: string;
  /** Every field is optional in a message, but each present one is checked. */
  telemetry: Record<string, FieldSpec>;
  /** Desired-state properties the device obeys. */
  desired: Record<string, FieldSpec>;
  commands: Record<string, CommandSpec>;
}

/** A value a field can hold. */
export type FieldValue = number | boolean | string;

/** The TypeScript type of a field's values (enum fields give their literal union). */
export type ValueOfField<F> = F extends { kind: 'boolean' }
  ? boolean
  : F extends { enum: readonly (infer E)[] }
    ? E
    : F extends { kind: 'string' }
      ? string
      : number;

interface Bounds {
  unit?: string;
  min?: number;
  max?: number;
}

export function num(description: string, bounds: Bounds = {}): FieldSpec & { kind: 'number' } {
  return { kind: 'number', description, ...bounds };
}

export function int(description: string, bounds: Bounds = {}): FieldSpec & { kind: 'integer' } {
  return { kind: 'integer', description, ...bounds };
}

export function bool(description: string): FieldSpec & { kind: 'boolean' } {
  return { kind: 'boolean', description };
}

export function str(description: string): FieldSpec & { kind: 'string' } {
  return { kind: 'string', description };
}

export function oneOf<const E extends readonly string[]>(
  values: E,
  description: string,
): FieldSpec & { kind: 'string'; enum: E } {
  return { kind: 'string', enum: values, description };
}

export function command<P extends Record<string, FieldSpec> = Record<string, never>>(
  description: string,
  params?: P,
): CommandSpec & { params: P } {
  return { description, params: params ?? ({} as P) };
}

/** Telemetry fields every device type has. */
export const COMMON_TELEMETRY = {
  uptime_s: int('Seconds since the device booted', { unit: 's', min: 0 }),
  fw_version: str('Firmware version'),
};
