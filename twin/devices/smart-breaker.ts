/** A three-phase smart circuit breaker with metering and protection. */
import { bool, command, COMMON_TELEMETRY, int, num, oneOf, type DeviceTypeSpec } from './fields.ts';

const phaseVoltage = (phase: string) => num(`Voltage ${phase}`, { unit: 'V', min: 0, max: 480 });
const lineVoltage = (pair: string) => num(`Line-to-line voltage ${pair}`, { unit: 'V', min: 0, max: 830 });
const current = (phase: string) => num(`Current, phase ${phase}`, { unit: 'A', min: 0, max: 10_000 });
const powerFactor = (what: string) => num(`Power factor${what}`, { min: -1, max: 1 });

export const TRIP_CAUSES = ['none', 'magnetic', 'thermal', 'ground_fault', 'arc_fault', 'manual'] as const;
export const BREAKER_STATES = ['closed', 'open', 'tripped'] as const;

export const SMART_BREAKER_SPEC = {
  type: 'smart_breaker',
  description: 'Three-phase smart circuit breaker: metering, trip protection, remote open/close',
  telemetry: {
    ...COMMON_TELEMETRY,
    voltage_an: phaseVoltage('phase A to neutral'),
    voltage_bn: phaseVoltage('phase B to neutral'),
    voltage_cn: phaseVoltage('phase C to neutral'),
    voltage_ab: lineVoltage('A-B'),
    voltage_bc: lineVoltage('B-C'),
    voltage_ca: lineVoltage('C-A'),
    current_a: current('A'),
    current_b: current('B'),
    current_c: current('C'),
    current_total: num('Total current of the three phases', { unit: 'A', min: 0 }),
    active_power: num('Total active power (negative when exporting)', { unit: 'W' }),
    active_power_a: num('Active power, phase A', { unit: 'W' }),
    active_power_b: num('Active power, phase B', { unit: 'W' }),
    active_power_c: num('Active power, phase C', { unit: 'W' }),
    reactive_power: num('Total reactive power', { unit: 'var' }),
    reactive_power_a: num('Reactive power, phase A', { unit: 'var' }),
    reactive_power_b: num('Reactive power, phase B', { unit: 'var' }),
    reactive_power_c: num('Reactive power, phase C', { unit: 'var' }),
    apparent_power: num('Total apparent power', { unit: 'VA', min: 0 }),
    apparent_power_a: num('Apparent power, phase A', { unit: 'VA', min: 0 }),
    apparent_power_b: num('Apparent power, phase B', { unit: 'VA', min: 0 }),
    apparent_power_c: num('Apparent power, phase C', { unit: 'VA', min: 0 }),
    power_factor: powerFactor(''),
    power_factor_a: powerFactor(', phase A'),
    power_factor_b: powerFactor(', phase B'),
    power_factor_c: powerFactor(', phase C'),
    frequency: num('Line frequency', { unit: 'Hz', min: 40, max: 70 }),
    energy_import: num('Energy imported since installation', { unit: 'Wh', min: 0 }),
    energy_export: num('Energy exported since installation', { unit: 'Wh', min: 0 }),
    temperature: num('Internal temperature', { unit: '°C', min: -40, max: 200 }),
    breaker_state: oneOf(BREAKER_STATES, 'Contact state'),
    trip_count: int('Trips since installation', { min: 0 }),
    last_trip_cause: oneOf(TRIP_CAUSES, 'Cause of the last trip'),
    ground_fault_current: num('Residual (ground fault) current', { unit: 'mA', min: 0, max: 10_000 }),
    arc_fault: bool('An arc fault is detected'),
    load_percent: num('Load relative to the rated current', { unit: '%', min: 0, max: 5000 }),
    operating_hours: num('Hours with the contacts closed', { unit: 'h', min: 0 }),
    maintenance_due: bool('Maintenance is due'),
    rated_current: num('Rated current', { unit: 'A', min: 1, max: 6300 }),
    curve: oneOf(['B', 'C', 'D'] as const, 'Trip curve'),
  },
  desired: {
    closed: bool('Contacts closed (true) or open (false)'),
    interval_s: num('Telemetry interval', { unit: 's', min: 0.1, max: 3600 }),
  },
  commands: {
    open: command('Open the contacts'),
    close: command('Close the contacts'),
    reset: command('Clear a trip so the breaker can be closed again'),
  },
} as const satisfies DeviceTypeSpec;
