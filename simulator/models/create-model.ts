import { BreakerModel } from './breaker/breaker-model.ts';
import type { BreakerModelOptions } from './breaker/options.ts';
import { CameraModel } from './camera/camera-model.ts';
import type { CameraOptions } from './camera/options.ts';
import { EnvSensorModel } from './env-sensor/env-sensor-model.ts';
import type { EnvSensorOptions } from './env-sensor/options.ts';
import { GatewayModel } from './gateway/gateway-model.ts';
import type { GatewayOptions } from './gateway/options.ts';
import type { ModelType } from './model.ts';

export interface ModelOptionsByType {
  smart_breaker: BreakerModelOptions;
  env_sensor: EnvSensorOptions;
  camera: CameraOptions;
  gateway: GatewayOptions;
}

export type AnyDeviceModel = BreakerModel | EnvSensorModel | CameraModel | GatewayModel;

interface ModelByType {
  smart_breaker: BreakerModel;
  env_sensor: EnvSensorModel;
  camera: CameraModel;
  gateway: GatewayModel;
}

/** A model of `type`: what a fleet runner calls for each device of a fleet spec. */
export function createModel<T extends ModelType>(
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
    default:
      throw new RangeError(`createModel: unknown device type '${String(type)}'`);
  }
}
