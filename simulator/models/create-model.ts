import { BreakerModel } from './breaker/breaker-model.ts';
import type { BreakerModelOptions } from './breaker/options.ts';
import { CameraModel } from './camera/camera-model.ts';
import type { CameraOptions } from './camera/options.ts';
import { EnvSensorModel } from './env-sensor/env-sensor-model.ts';
import type { EnvSensorOptions } from './env-sensor/options.ts';
import { GatewayModel } from './gateway/gateway-model.ts';
import type { GatewayOptions } from './gateway/options.ts';
import { customDeviceType, knownDeviceTypes, type DeviceType } from '../../twin/index.ts';
import { GeneratedModel, type GeneratedModelOptions } from './generated/generated-model.ts';

export interface ModelOptionsByType {
  /** A type loaded from a device-type file; the union lets code indexed by any type name type-check. */
  [custom: string]:
    BreakerModelOptions | EnvSensorOptions | CameraOptions | GatewayOptions | GeneratedModelOptions;
  smart_breaker: BreakerModelOptions;
  env_sensor: EnvSensorOptions;
  camera: CameraOptions;
  gateway: GatewayOptions;
}

export type AnyDeviceModel = BreakerModel | EnvSensorModel | CameraModel | GatewayModel | GeneratedModel;

interface ModelByType {
  smart_breaker: BreakerModel;
  env_sensor: EnvSensorModel;
  camera: CameraModel;
  gateway: GatewayModel;
}

/**
 * A model of `type`: what a fleet runner calls for each device of a fleet spec. A type registered from a
 * device-type file (twin's `registerDeviceTypes`) gets a GeneratedModel driven by the file's generators.
 */
export function createModel<T extends DeviceType>(type: T, options?: ModelOptionsByType[T]): ModelByType[T];
export function createModel(type: string, options?: ModelOptionsByType[string]): AnyDeviceModel;
export function createModel<T extends DeviceType>(
  type: T,
  options: ModelOptionsByType[T] = {},
): ModelByType[T] {
  // The casts only restate what the switch checks: T and the branch agree.
  switch (type) {
    case 'smart_breaker':
      return new BreakerModel(options as BreakerModelOptions) as ModelByType[T];
    case 'env_sensor':
      return new EnvSensorModel(options as EnvSensorOptions) as ModelByType[T];
    case 'camera':
      return new CameraModel(options as CameraOptions) as ModelByType[T];
    case 'gateway':
      return new GatewayModel(options as GatewayOptions) as ModelByType[T];
    default: {
      const definition = customDeviceType(type);
      if (definition === undefined) {
        throw new RangeError(
          `createModel: unknown device type '${String(type)}'; known: ${knownDeviceTypes().join(', ')} (load a device-type file for your own)`,
        );
      }
      return new GeneratedModel(definition, options as GeneratedModelOptions) as unknown as ModelByType[T];
    }
  }
}
