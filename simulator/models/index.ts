// The door of simulator/models: pure device-behaviour models on virtual time (no I/O, no wall clock).
export type {
  CommandResult,
  DeviceModel,
  FaultHooks,
  ModelEvent,
  ModelType,
  TelemetryRecord,
  TelemetryValue,
} from './model.ts';
export { FaultLayer } from './faults.ts';
export { derive, hashSeed, PoissonArrivals, Rng } from './random.ts';
export type { Seed } from './random.ts';
export { OuProcess } from './ou-process.ts';
export {
  dayOfWeek,
  dayOfYear,
  daylight,
  hourOfDay,
  loadShape,
  occupancyShape,
  sunElevationSine,
  temperatureShape,
} from './day-cycle.ts';
export type { LoadProfileKind } from './day-cycle.ts';

export { BreakerModel } from './breaker/breaker-model.ts';
export { DEFAULT_BREAKER_OPTIONS } from './breaker/options.ts';
export type {
  BreakerDesired,
  BreakerModelOptions,
  BreakerState,
  BreakerTelemetry,
  TripCause,
} from './breaker/options.ts';
export {
  MAGNETIC_BANDS,
  magneticThresholdMultiple,
  THERMAL_K,
  THERMAL_TAU_MS,
  ThermalReplica,
  thermalTripTimeMs,
  TRIP_CURVES,
} from './breaker/trip-curve.ts';
export type { TripCurve } from './breaker/trip-curve.ts';
export { EnergyMeter, lineToLine, phaseQuantities, totals } from './breaker/meter.ts';
export type { MeterTotals, PhaseQuantities } from './breaker/meter.ts';

export { EnvSensorModel } from './env-sensor/env-sensor-model.ts';
export { DEFAULT_ENV_SENSOR_OPTIONS } from './env-sensor/options.ts';
export type { EnvSensorDesired, EnvSensorOptions, EnvSensorTelemetry } from './env-sensor/options.ts';

export { CameraModel } from './camera/camera-model.ts';
export { DEFAULT_CAMERA_OPTIONS, RESOLUTIONS } from './camera/options.ts';
export type { CameraDesired, CameraOptions, CameraTelemetry, Resolution } from './camera/options.ts';
export type { BoundingBox } from './camera/motion-boxes.ts';

export { GatewayModel } from './gateway/gateway-model.ts';
export { DEFAULT_GATEWAY_OPTIONS, GATEWAY_RADIO_KINDS } from './gateway/options.ts';
export type {
  GatewayChildStats,
  GatewayDesired,
  GatewayOptions,
  GatewayRadio,
  GatewayTelemetry,
} from './gateway/options.ts';

export { createModel } from './create-model.ts';
export { GeneratedModel, type GeneratedModelOptions } from './generated/generated-model.ts';
export type { AnyDeviceModel, ModelOptionsByType } from './create-model.ts';
