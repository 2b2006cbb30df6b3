import type { Seed } from '../random.ts';
import { overDefaults, stripUndefined } from '../values.ts';

/** env_sensor telemetry, field names and units as in docs/twin-contract.md. */
export type EnvSensorTelemetry = {
  uptime_s: number;
  fw_version: string;
  temperature: number;
  humidity: number;
  pressure: number;
  gas_resistance: number;
  light: number;
  sound: number;
  motion: boolean;
  battery: number;
  battery_voltage: number;
  rssi: number;
};

export type EnvSensorDesired = { interval_s: number; deep_sleep: boolean };

export interface EnvSensorOptions {
  /** Seed of this device's streams; for a fleet use `derive(fleetSeed, index)`. Default 1. */
  seed?: Seed;
  /** Virtual time the model starts at, ms epoch. Default 0. */
  startMs?: number;
  /** Firmware version reported as fw_version. Default '1.0.0'. */
  fwVersion?: string;
  /** Publish interval until desired interval_s says otherwise, ms. Default 60_000. */
  publishIntervalMs?: number;
  /** Sleeps between publishes (low current); a runner holds commands until the next publish. Default false. */
  deepSleep?: boolean;
  /** Site's UTC offset for the daily cycle, minutes. Default 0. */
  utcOffsetMinutes?: number;
  /** Site latitude for daylight, degrees. Default 48. */
  latitudeDeg?: number;
  /** Daily mean temperature, °C. Default 21 (indoors). */
  meanTemperatureC?: number;
  /** Half the daily swing, °C (peak at 15:00, low at 03:00). Default 2.5. */
  temperatureAmplitudeC?: number;
  /** Standard deviation of the slow weather anomaly (correlation 6 h), °C. Default 0.8. */
  weatherSigmaC?: number;
  /** Relative humidity at the mean temperature, %RH. Default 45. */
  meanHumidity?: number;
  /** Altitude for the mean pressure, m. Default 0. */
  altitudeM?: number;
  /** Illuminance with the sun overhead and a clear sky, lux (outdoors ~100_000). Default 1000. */
  peakLux?: number;
  /** Mean motion events per hour (Poisson). Default 4. */
  motionEventsPerHour?: number;
  /** PIR hold time, ms: `motion` reads true for max(this, publish interval) after an event. Default 30_000. */
  motionHoldMs?: number;
  /** Mean RSSI, dBm. Default: seeded in −80…−55. */
  meanRssiDbm?: number;
  /** Battery capacity, mAh. Default 2500 (2 × AA). */
  batteryCapacityMah?: number;
  /** Charge at start, %. Default: seeded in 70…100. */
  initialBatteryPercent?: number;
  /** Current while awake between publishes, mA. Default 0.8. */
  idleCurrentMa?: number;
  /** Current in deep sleep, mA. Default 0.01. */
  sleepCurrentMa?: number;
  /** Charge of one publish (wake, measure, transmit) at good signal, mA·s. Default 60. */
  publishChargeMAs?: number;
  /** battery_low event when the charge falls below this, %. Default 15. */
  batteryLowPercent?: number;
}

export type ResolvedEnvSensorOptions = Required<EnvSensorOptions>;

type Seeded = 'meanRssiDbm' | 'initialBatteryPercent';

export const DEFAULT_ENV_SENSOR_OPTIONS: Readonly<Omit<ResolvedEnvSensorOptions, Seeded>> = {
  seed: 1,
  startMs: 0,
  fwVersion: '1.0.0',
  publishIntervalMs: 60_000,
  deepSleep: false,
  utcOffsetMinutes: 0,
  latitudeDeg: 48,
  meanTemperatureC: 21,
  temperatureAmplitudeC: 2.5,
  weatherSigmaC: 0.8,
  meanHumidity: 45,
  altitudeM: 0,
  peakLux: 1000,
  motionEventsPerHour: 4,
  motionHoldMs: 30_000,
  batteryCapacityMah: 2500,
  idleCurrentMa: 0.8,
  sleepCurrentMa: 0.01,
  publishChargeMAs: 60,
  batteryLowPercent: 15,
};

/** Merges defaults; the seeded defaults are drawn by the model from its own stream. */
export function resolveEnvSensorOptions(
  options: EnvSensorOptions,
  seeded: Pick<ResolvedEnvSensorOptions, Seeded>,
): ResolvedEnvSensorOptions {
  return overDefaults<ResolvedEnvSensorOptions>(DEFAULT_ENV_SENSOR_OPTIONS, {
    ...seeded,
    ...stripUndefined(options),
  });
}
