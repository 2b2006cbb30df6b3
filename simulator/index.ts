// The door of simulator/: virtual devices and fleets over MQTT (docs/simulator.md, docs/simulator-contract.md).

// Fleets
export { startFleet } from './fleet/start-fleet.ts';
export type { Fleet } from './fleet/fleet.ts';
export type { FleetOptions } from './fleet/options.ts';
export { FLEET_DEFAULTS } from './fleet/options.ts';
export type { ClockSetting } from './fleet/clock.ts';
export { FleetClock } from './fleet/clock.ts';
export type { BackfillOptions, BackfillResult } from './fleet/backfill.ts';
export { DEFAULT_BACKFILL_INTERVAL_MS } from './fleet/backfill.ts';

// Fleets over several processes (and machines): docs/simulator.md "Workers"
export {
  startWorkerFleet,
  WorkerFleet,
  WORKER_EXEC_ARGV,
  type WorkerFleetOptions,
  type WorkerInfo,
} from './workers/pool.ts';
export {
  checkShare,
  takeShare,
  shareSize,
  subShare,
  loopbackSource,
  type FleetShare,
} from './workers/share.ts';
// The simulator process: its bundle, V8 flags and environment, and the shell launcher the image runs
export { SIMULATOR_ENV, SIMULATOR_EXEC_ARGV, simulatorEntry, type SimulatorEntry } from './process/bundle.ts';
export { simulatorLauncher, type SimulatorLauncherOptions } from './process/launcher.ts';

// Fleet specs
export { loadFleetSpec, parseFleetSpec, validateFleetSpec } from './fleet/load-spec.ts';
export {
  DEFAULT_COMMAND_LATENCY_MS,
  DEFAULT_KEEPALIVE_SECONDS,
  DEFAULT_RAMP_UP_PER_SECOND,
  DEFAULT_SEED,
  DEFAULT_SITE,
  FleetSpecSchema,
  type FleetGroup,
  type FleetSpec,
  type ScheduledFault,
} from './fleet/spec.ts';
export { FleetSpecError, formatIssue } from './fleet/spec-errors.ts';
export type { SpecIssue } from './fleet/schema-issues.ts';
export { DEMO_FLEET } from './fleet/demo-fleet.ts';
// Gateways and their children (docs/gateways.md)
export {
  GatewaySpecSchema,
  RadioSpecSchema,
  expandGateways,
  type GatewayChildrenSpec,
  type GatewaySpec,
  type RadioSpec,
} from './gateway/index.ts';

// Devices, identities, selection, faults
export type { SimDevice } from './device/sim-device.ts';
export { buildIdentities, type DeviceIdentity, type DeviceLocation } from './fleet/identities.ts';
export { selectDevices } from './fleet/selector.ts';
export {
  FAULT_KINDS,
  FAULT_DEVICE_TYPES,
  FAULT_SCHEMAS,
  RADIO_FAULT_KINDS,
  FaultSchema,
  faultSchema,
  type DeviceSelector,
  type Fault,
  type FaultKind,
} from './fleet/fault-types.ts';
export { checkFault, checkSelector } from './fleet/fault-check.ts';
export type { FaultHandle } from './fleet/faults.ts';

// Stats
export { formatStats, type FleetStats } from './fleet/stats.ts';
export type { SimLogger } from './device/device-context.ts';

// Errors
export { SIMULATOR_ERROR_CODES, SimulatorError, type SimulatorErrorCode } from './errors.ts';

// The lean MQTT client (benches and load tests may want a cheap connection)
export { LeanMqttClient } from './mqtt/lean-client.ts';
export {
  DEFAULT_CLIENT_CONTEXT,
  type CloseReason,
  type LeanClientContext,
  type LeanClientHandler,
  type LeanClientOptions,
} from './mqtt/client-types.ts';
export { ConnectionWatch } from './mqtt/connection-watch.ts';

// One device driven step by step (the load engine's virtual users): docs/load.md
export {
  DrivenDevice,
  openDevice,
  type DrivenDeviceListener,
  type DrivenDeviceStats,
} from './device-api/driven-device.ts';
export { DEVICE_API_DEFAULTS, type DeviceApiOptions } from './device-api/options.ts';
export { loadDeviceId, loadIdentity } from './device-api/identities.ts';
export { newClientContext, sharedClientContext } from './device-api/client-context.ts';

// Device models (pure, virtual time): what scenarios read and drive
export {
  BreakerModel,
  CameraModel,
  EnvSensorModel,
  GeneratedModel,
  createModel,
  derive,
  hashSeed,
  Rng,
  DEFAULT_BREAKER_OPTIONS,
  DEFAULT_CAMERA_OPTIONS,
  DEFAULT_ENV_SENSOR_OPTIONS,
  MAGNETIC_BANDS,
  TRIP_CURVES,
  thermalTripTimeMs,
  type AnyDeviceModel,
  type GeneratedModelOptions,
  type BreakerModelOptions,
  type CameraOptions,
  type CommandResult,
  type DeviceModel,
  type EnvSensorOptions,
  type ModelEvent,
  type ModelOptionsByType,
  type ModelType,
  type TelemetryRecord,
  type TripCurve,
} from './models/index.ts';
