// firmware/: the ESP32 node firmware (C++: core/, host/, esp32/) and its TypeScript door — building the
// host target, running the host node, packing it into ESP32 flash sets and running it on the emulated
// board (SIL). docs/firmware.md.

export { FIRMWARE_DEVICE_TYPES, type FirmwareDeviceType } from './device-types.ts';
export { FIRMWARE_ERROR_CODES, FirmwareError, type FirmwareErrorCode } from './errors.ts';
export {
  FIRMWARE_DIR,
  FIRMWARE_PROJECT_NAME,
  HOST_BUILD_DIR,
  firmwareVersion,
  hostNodeBinary,
} from './paths.ts';
export {
  buildHostNode,
  requireHostNode,
  HOST_BUILD_DEFAULTS,
  type HostBuild,
  type HostBuildOptions,
} from './host-build.ts';
export { startHostNode, HOST_NODE_DEFAULTS, type HostNode, type HostNodeOptions } from './host-node.ts';
export {
  packFirmware,
  packedFileName,
  type PackOptions,
  type PackedFile,
  type PackedFirmware,
} from './pack.ts';
export {
  firmwareEmulatorApp,
  EMULATOR_RESTART_EXIT_CODE,
  type FirmwareEmulatorAppOptions,
} from './emulator-app.ts';
export { registerFirmwareApp, registerFirmwareSteps } from './register.ts';
export {
  firmwareProvisionAction,
  provisionLines,
  FirmwareProvisionSchema,
  type FirmwareProvisionSpec,
} from './sil/provision-step.ts';
