import { DEVICE_TYPES, type DeviceType } from '../twin/index.ts';

/** The device types the firmware implements: every type of twin/ but the camera and the gateway. */
// Two single exclusions: the camera has no firmware, and a gateway is a bridge, not this node.
export type FirmwareDeviceType = Exclude<Exclude<DeviceType, 'camera'>, 'gateway'>;

export const FIRMWARE_DEVICE_TYPES: readonly FirmwareDeviceType[] = DEVICE_TYPES.filter(
  (t): t is FirmwareDeviceType => t !== 'camera' && t !== 'gateway',
);
