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

/** JSON Schema of a registry device type (a device type or `generic`). */
export const RegistryDeviceTypeSchema = Type.Enum([...REGISTRY_DEVICE_TYPES], {
  description: `Device type: ${REGISTRY_DEVICE_TYPES.join(' | ')} (generic: known only through its shadow)`,
});
