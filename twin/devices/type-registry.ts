/**
 * The device types a process knows at run time: the built-in ones (hand-modelled, DEVICE_SPECS) plus
 * those registered from device-type files. Validation, the platform's API and the simulator's fleets
 * look types up here by name. One registry per process: a platform, a simulator or a scenario run
 * registers the files it was given at start, before any device of those types is seen.
 */
import { TwinbenchError } from '../errors.ts';
import { DEVICE_TYPE_SHORT, DEVICE_TYPES, GENERIC_DEVICE_TYPE, isDeviceType } from './device-type.ts';
import type { DeviceTypeSpec } from './fields.ts';
import { DEVICE_SPECS } from './specs.ts';
import type { DeviceTypeDefinition } from './type-definition.ts';
import type { DeviceTypeView } from './type-view.ts';
import { DEVICE_TYPE_ERROR_CODES } from './type-file.ts';

const custom = new Map<string, DeviceTypeDefinition>();

/**
 * Registers device types loaded from files. Registering the same definition again is a no-op (two
 * platforms in one test process); a different definition under a name already taken, or a built-in
 * name, throws TB_ERR_TWIN_DEVICE_TYPE_CONFLICT.
 */
export function registerDeviceTypes(definitions: readonly DeviceTypeDefinition[]): void {
  const seen = new Map<string, DeviceTypeDefinition>();
  for (const d of definitions) {
    if (isDeviceType(d.name) || d.name === GENERIC_DEVICE_TYPE) {
      throw new TwinbenchError(
        DEVICE_TYPE_ERROR_CODES.CONFLICT,
        `Device type '${d.name}' (${d.source}) is built in; give your type another name.`,
        { statusCode: 400 },
      );
    }
    const other = seen.get(d.name) ?? custom.get(d.name);
    if (other !== undefined && JSON.stringify(other.document) !== JSON.stringify(d.document)) {
      throw new TwinbenchError(
        DEVICE_TYPE_ERROR_CODES.CONFLICT,
        `Device type '${d.name}' is defined twice, differently: in ${other.source} and in ${d.source}; keep one.`,
        { statusCode: 400 },
      );
    }
    seen.set(d.name, d);
  }
  for (const d of seen.values()) if (!custom.has(d.name)) custom.set(d.name, d);
}

/** Forgets a registered type (tests that register throwaway types). */
export function unregisterDeviceType(name: string): void {
  custom.delete(name);
}

/** The spec of a built-in or registered type, or undefined. */
export function deviceTypeSpec(name: string): DeviceTypeSpec<string> | undefined {
  if (isDeviceType(name)) return DEVICE_SPECS[name];
  return custom.get(name)?.spec;
}

/** A registered (file-defined) type, or undefined for built-ins and unknown names. */
export function customDeviceType(name: string): DeviceTypeDefinition | undefined {
  return custom.get(name);
}

/** Every registered (file-defined) type, in registration order. */
export function customDeviceTypes(): DeviceTypeDefinition[] {
  return [...custom.values()];
}

/** Whether `name` is a built-in or a registered type (not `generic`). */
export function isKnownDeviceType(name: unknown): name is string {
  return typeof name === 'string' && (isDeviceType(name) || custom.has(name));
}

/** Built-in type names, then registered ones. */
export function knownDeviceTypes(): string[] {
  return [...DEVICE_TYPES, ...custom.keys()];
}

/** Short name for default ids: `brk` for smart_breaker, the file's `short` for a registered type. */
export function deviceTypeShort(name: string): string {
  if (isDeviceType(name)) return DEVICE_TYPE_SHORT[name];
  return custom.get(name)?.short ?? name;
}

/** The view of a known type that `GET /device-types` shows, or undefined. */
export function deviceTypeView(name: string): DeviceTypeView | undefined {
  const spec = deviceTypeSpec(name);
  if (spec === undefined) return undefined;
  const loaded = custom.get(name);
  return {
    name,
    builtin: loaded === undefined,
    description: spec.description,
    short: deviceTypeShort(name),
    ...(loaded ? { source: loaded.source } : {}),
    telemetry: spec.telemetry,
    desired: spec.desired,
    commands: spec.commands,
  } as DeviceTypeView;
}

/**
 * Throws TB_ERR_TWIN_DEVICE_TYPE_UNKNOWN (`statusCode` 400, or 404 with `notFound`) unless `name` is a
 * built-in type, a registered one, or (with `allowGeneric`) `generic`.
 */
export function requireKnownDeviceType(
  name: string,
  options: { allowGeneric?: boolean; notFound?: boolean } = {},
): void {
  if (isKnownDeviceType(name) || (options.allowGeneric === true && name === GENERIC_DEVICE_TYPE)) return;
  const known = [...knownDeviceTypes(), ...(options.allowGeneric === true ? [GENERIC_DEVICE_TYPE] : [])];
  throw new TwinbenchError(
    DEVICE_TYPE_ERROR_CODES.UNKNOWN,
    `Device type '${name}' is not known; known: ${known.join(', ')}. A type of your own comes from a device-type file (--device-types, docs/device-types.md).`,
    { statusCode: options.notFound === true ? 404 : 400 },
  );
}
