/** The device types twinbench simulates and understands. */
export type DeviceType = 'smart_breaker' | 'env_sensor' | 'camera';

export const DEVICE_TYPES: readonly DeviceType[] = Object.freeze(['smart_breaker', 'env_sensor', 'camera']);

export function isDeviceType(value: unknown): value is DeviceType {
  return value === 'smart_breaker' || value === 'env_sensor' || value === 'camera';
}
