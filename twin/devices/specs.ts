/** The spec of every device type, and TypeScript types derived from them. */
import { CAMERA_SPEC } from './camera.ts';
import type { DeviceType } from './device-type.ts';
import { ENV_SENSOR_SPEC } from './env-sensor.ts';
import { GATEWAY_SPEC } from './gateway.ts';
import type { DeviceTypeSpec, ValueOfField } from './fields.ts';
import { SMART_BREAKER_SPEC } from './smart-breaker.ts';

const SPECS = {
  smart_breaker: SMART_BREAKER_SPEC,
  env_sensor: ENV_SENSOR_SPEC,
  camera: CAMERA_SPEC,
  gateway: GATEWAY_SPEC,
} as const satisfies Record<DeviceType, DeviceTypeSpec>;

export const DEVICE_SPECS: Readonly<Record<DeviceType, DeviceTypeSpec>> = SPECS;

type Specs = typeof SPECS;

/** Telemetry fields of a device type, e.g. `TelemetryFieldsOf<'env_sensor'>['temperature']` is `number | undefined`. */
export type TelemetryFieldsOf<T extends DeviceType> = {
  -readonly [K in keyof Specs[T]['telemetry']]?: ValueOfField<Specs[T]['telemetry'][K]>;
};

/** Desired-state properties of a device type. */
export type DesiredOf<T extends DeviceType> = {
  -readonly [K in keyof Specs[T]['desired']]?: ValueOfField<Specs[T]['desired'][K]>;
};

/** Command names of a device type. */
export type CommandNameOf<T extends DeviceType> = keyof Specs[T]['commands'] & string;

/** Parameters of one command. */
export type CommandParamsOf<
  T extends DeviceType,
  C extends CommandNameOf<T>,
> = Specs[T]['commands'][C] extends {
  params: infer P;
}
  ? { -readonly [K in keyof P]?: ValueOfField<P[K]> }
  : never;
