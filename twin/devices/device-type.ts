/**
 * The device types twinbench simulates and understands: the one list every part imports (lint forbids
 * writing it out again outside twin/). The platform also keeps `generic` devices, known only through
 * their shadow.
 */
import { Type } from 'typebox';

export const DEVICE_TYPES = Object.freeze(['smart_breaker', 'env_sensor', 'camera', 'gateway'] as const);

/** One of `DEVICE_TYPES`. */
export type DeviceType = (typeof DEVICE_TYPES)[number];

/** The type the platform gives a device it knows only through its shadow. */
export const GENERIC_DEVICE_TYPE = 'generic';

/** A device type as the platform's registry keeps it: a built-in type or `generic`. */
export type RegistryDeviceType = DeviceType | typeof GENERIC_DEVICE_TYPE;

export const REGISTRY_DEVICE_TYPES: readonly RegistryDeviceType[] = Object.freeze([
  ...DEVICE_TYPES,
  GENERIC_DEVICE_TYPE,
]);

/** Short names, used in default id patterns (`brk-0001`) and compact listings. */
export const DEVICE_TYPE_SHORT: Readonly<Record<DeviceType, string>> = Object.freeze({
  smart_breaker: 'brk',
  env_sensor: 'env',
  camera: 'cam',
  gateway: 'gw',
});

export function isDeviceType(value: unknown): value is DeviceType {
  return typeof value === 'string' && (DEVICE_TYPES as readonly string[]).includes(value);
}

export function isRegistryDeviceType(value: unknown): value is RegistryDeviceType {
  return value === GENERIC_DEVICE_TYPE || isDeviceType(value);
}

/** JSON Schema of a device type (`enum`). */
export const DeviceTypeSchema = Type.Enum([...DEVICE_TYPES], {
  description: `Device type: ${DEVICE_TYPES.join(' | ')}`,
});

/** What a device type loaded from a device-type file may be called (also an InfluxDB tag value). */
export const DEVICE_TYPE_NAME_PATTERN = '^[a-z][a-z0-9_]{0,63}$';

/**
 * JSON Schema of a registry device type: a built-in type, `generic`, or a type registered from a
 * device-type file. The schema checks the name's shape; whether the type is known is the registry's
 * call at run time (twin's `isKnownDeviceType`), since files are loaded when a process starts.
 */
export const RegistryDeviceTypeSchema = Type.String({
  pattern: DEVICE_TYPE_NAME_PATTERN,
  description: `Device type: ${REGISTRY_DEVICE_TYPES.join(' | ')} (generic: known only through its shadow), or a type loaded from a device-type file (GET /device-types)`,
});
