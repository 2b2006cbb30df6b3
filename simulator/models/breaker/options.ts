import type { LoadProfileKind } from '../day-cycle.ts';
import type { Seed } from '../random.ts';
import type { TripCurve } from './trip-curve.ts';
import { overDefaults, stripUndefined } from '../values.ts';

export type BreakerState = 'closed' | 'open' | 'tripped';
/** Why the contacts last opened; `manual` = an `open` command or desired `closed: false`. */
export type TripCause = 'none' | 'magnetic' | 'thermal' | 'ground_fault' | 'arc_fault' | 'manual';

/** smart_breaker telemetry, field names and units as in docs/twin-contract.md. */
export type BreakerTelemetry = {
  uptime_s: number;
  fw_version: string;
  voltage_an: number;
  voltage_bn: number;
  voltage_cn: number;
  voltage_ab: number;
  voltage_bc: number;
  voltage_ca: number;
  current_a: number;
  current_b: number;
  current_c: number;
  current_total: number;
  active_power: number;
  active_power_a: number;
  active_power_b: number;
  active_power_c: number;
  reactive_power: number;
  reactive_power_a: number;
  reactive_power_b: number;
  reactive_power_c: number;
  apparent_power: number;
  apparent_power_a: number;
  apparent_power_b: number;
  apparent_power_c: number;
  power_factor: number;
  power_factor_a: number;
  power_factor_b: number;
  power_factor_c: number;
  frequency: number;
  energy_import: number;
  energy_export: number;
  temperature: number;
  breaker_state: BreakerState;
  trip_count: number;
  last_trip_cause: TripCause;
  ground_fault_current: number;
  arc_fault: boolean;
  load_percent: number;
  operating_hours: number;
  maintenance_due: boolean;
  rated_current: number;
  curve: TripCurve;
};

export type BreakerDesired = { closed: boolean; interval_s: number };

export interface BreakerModelOptions {
  /** Seed of this device's streams; for a fleet use `derive(fleetSeed, index)`. Default 1. */
  seed?: Seed;
  /** Virtual time the model starts at, ms epoch. Default 0. */
  startMs?: number;
  /** Firmware version reported as fw_version. Default '1.0.0'. */
  fwVersion?: string;
  /** Nominal line-to-neutral voltage, V (230 in Europe, 120 in North America). Default 230. */
  nominalVoltage?: number;
  /** Mains frequency, Hz. Default 50. */
  frequencyHz?: number;
  /** Rated current In, A. Default 16. */
  ratedCurrentA?: number;
  /** IEC 60898-1 trip curve. Default 'C'. */
  curve?: TripCurve;
  /** Mean per-phase load current at the daily profile's peak, A. Default 0.35 × ratedCurrentA. */
  baseLoadA?: number;
  /** Shape of the daily load. Default 'residential'. */
  profile?: LoadProfileKind;
  /** Appliance switch-ons per hour (steps of 0.05–0.25 × In on one phase). Default 3. */
  loadStepsPerHour?: number;
  /** Mean time an appliance stays on, ms. Default 900_000 (15 min). */
  loadStepMeanDurationMs?: number;
  /** Relative standard deviation of fast load noise (per sample). Default 0.02. */
  loadNoise?: number;
  /** Peak local PV generation over all three phases, W; exported when it exceeds the load. Default 0. */
  pvPeakW?: number;
  /** Site's UTC offset for the daily profile and daylight, minutes. Default 0. */
  utcOffsetMinutes?: number;
  /** Site latitude for PV daylight, degrees. Default 48. */
  latitudeDeg?: number;
  /** Ambient temperature around the breaker, °C. Default 25. */
  ambientC?: number;
  /** Steady temperature rise over ambient with rated current on every pole, °C. Default 35. */
  tempRiseAtRatedC?: number;
  /** Thermal time constant of the breaker body (I²R heating and cooling), ms. Default 900_000. */
  bodyTimeConstantMs?: number;
  /** Random ground faults per day while closed. Default 0.01. */
  groundFaultsPerDay?: number;
  /** Residual current that trips the device (RCBO function), mA. Default 30. */
  groundFaultTripMa?: number;
  /** Random arc faults per day while closed (AFDD function, always trips). Default 0.005. */
  arcFaultsPerDay?: number;
  /** Time the magnetic release takes once above its threshold, ms. Default 10. */
  magneticTripDelayMs?: number;
  /** Longest integration step, ms: the load is re-sampled at least this often. Default 10_000. */
  maxStepMs?: number;
  /** Publish interval until desired interval_s says otherwise, ms. Default 10_000. */
  publishIntervalMs?: number;
  /** Contacts closed at start. Default true. */
  closed?: boolean;
  /** Operating hours already on the counter. Default 0. */
  initialOperatingHours?: number;
  /** Trips already on the counter. Default 0. */
  initialTripCount?: number;
  /** maintenance_due once operating hours reach this, h. Default 43_800 (5 years closed). */
  maintenanceAfterHours?: number;
  /** maintenance_due once the trip count reaches this. Default 20. */
  maintenanceAfterTrips?: number;
}

export type ResolvedBreakerOptions = Required<BreakerModelOptions>;

export const DEFAULT_BREAKER_OPTIONS: Readonly<Omit<ResolvedBreakerOptions, 'baseLoadA'>> = {
  seed: 1,
  startMs: 0,
  fwVersion: '1.0.0',
  nominalVoltage: 230,
  frequencyHz: 50,
  ratedCurrentA: 16,
  curve: 'C',
  profile: 'residential',
  loadStepsPerHour: 3,
  loadStepMeanDurationMs: 900_000,
  loadNoise: 0.02,
  pvPeakW: 0,
  utcOffsetMinutes: 0,
  latitudeDeg: 48,
  ambientC: 25,
  tempRiseAtRatedC: 35,
  bodyTimeConstantMs: 900_000,
  groundFaultsPerDay: 0.01,
  groundFaultTripMa: 30,
  arcFaultsPerDay: 0.005,
  magneticTripDelayMs: 10,
  maxStepMs: 10_000,
  publishIntervalMs: 10_000,
  closed: true,
  initialOperatingHours: 0,
  initialTripCount: 0,
  maintenanceAfterHours: 43_800,
  maintenanceAfterTrips: 20,
};

export function resolveBreakerOptions(options: BreakerModelOptions = {}): ResolvedBreakerOptions {
  const own = stripUndefined(options);
  const merged = overDefaults<ResolvedBreakerOptions>(DEFAULT_BREAKER_OPTIONS, own);
  return overDefaults<ResolvedBreakerOptions>(DEFAULT_BREAKER_OPTIONS, {
    ...own,
    baseLoadA: options.baseLoadA ?? 0.35 * merged.ratedCurrentA,
    maxStepMs: Math.max(1, merged.maxStepMs), // a zero step would never reach the target time
  });
}
