import { round } from '../values.ts';
import { lineToLine } from './meter.ts';
import type { MeterTotals, PhaseQuantities } from './meter.ts';
import type { BreakerState, BreakerTelemetry, ResolvedBreakerOptions, TripCause } from './options.ts';

/** The breaker's state at one instant, as the model holds it. */
export interface BreakerSnapshot {
  uptimeS: number;
  fwVersion: string;
  phases: readonly [PhaseQuantities, PhaseQuantities, PhaseQuantities];
  totals: MeterTotals;
  frequencyHz: number;
  importWh: number;
  exportWh: number;
  temperatureC: number;
  state: BreakerState;
  tripCount: number;
  lastCause: TripCause;
  leakageMa: number;
  operatingHours: number;
  options: ResolvedBreakerOptions;
}

/**
 * Contract telemetry from a snapshot, rounded to what a meter resolves (and what is worth sending):
 * 0.01 V, 1 mA, 0.1 W/var/VA, 1e-4 PF, 1 mHz, 1 mWh.
 */
export function breakerReadings(x: BreakerSnapshot): BreakerTelemetry {
  const [a, b, c] = x.phases;
  const s = x.totals;
  const o = x.options;
  const maxCurrent = Math.max(a.current, b.current, c.current);
  return {
    uptime_s: x.uptimeS,
    fw_version: x.fwVersion,
    voltage_an: round(a.voltage, 2),
    voltage_bn: round(b.voltage, 2),
    voltage_cn: round(c.voltage, 2),
    voltage_ab: round(lineToLine(a.voltage, b.voltage), 2),
    voltage_bc: round(lineToLine(b.voltage, c.voltage), 2),
    voltage_ca: round(lineToLine(c.voltage, a.voltage), 2),
    current_a: round(a.current, 3),
    current_b: round(b.current, 3),
    current_c: round(c.current, 3),
    current_total: round(s.current, 3),
    active_power: round(s.active, 1),
    active_power_a: round(a.active, 1),
    active_power_b: round(b.active, 1),
    active_power_c: round(c.active, 1),
    reactive_power: round(s.reactive, 1),
    reactive_power_a: round(a.reactive, 1),
    reactive_power_b: round(b.reactive, 1),
    reactive_power_c: round(c.reactive, 1),
    apparent_power: round(s.apparent, 1),
    apparent_power_a: round(a.apparent, 1),
    apparent_power_b: round(b.apparent, 1),
    apparent_power_c: round(c.apparent, 1),
    power_factor: round(s.powerFactor, 4),
    power_factor_a: round(a.powerFactor, 4),
    power_factor_b: round(b.powerFactor, 4),
    power_factor_c: round(c.powerFactor, 4),
    frequency: round(x.frequencyHz, 3),
    energy_import: round(x.importWh, 3),
    energy_export: round(x.exportWh, 3),
    temperature: round(x.temperatureC, 2),
    breaker_state: x.state,
    trip_count: x.tripCount,
    last_trip_cause: x.lastCause,
    ground_fault_current: round(x.leakageMa, 2),
    arc_fault: x.state === 'tripped' && x.lastCause === 'arc_fault',
    load_percent: round((100 * maxCurrent) / o.ratedCurrentA, 2),
    operating_hours: round(x.operatingHours, 4),
    maintenance_due: x.operatingHours >= o.maintenanceAfterHours || x.tripCount >= o.maintenanceAfterTrips,
    rated_current: o.ratedCurrentA,
    curve: o.curve,
  };
}
