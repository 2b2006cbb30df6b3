// Gateways and their children in the simulator (docs/gateways.md).
export { ChildDevice, RNG_RADIO, type ChildUplink } from './child-device.ts';
export { GatewayDevice } from './gateway-device.ts';
export { placeOnFloors } from './placement.ts';
export { buildDevices, isChild, shareCounts, shareWithGateways, type FleetDevice } from './build.ts';
export {
  DEFAULT_BATCH_WINDOW_MS,
  DEFAULT_MAX_BATCH,
  DEFAULT_MAX_QUEUED,
  GatewaySpecSchema,
  expandGateways,
  type GatewayChildrenSpec,
  type GatewayPlan,
  type GatewaySpec,
} from './spec.ts';
export {
  DEFAULT_AIRTIME_MS,
  RadioSpecSchema,
  resolveRadio,
  transmit,
  type Radio,
  type RadioFaultState,
  type RadioSpec,
  type RadioVerdict,
} from './radio.ts';
