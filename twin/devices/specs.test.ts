import { describe, expect, it } from 'vitest';
import { DEVICE_TYPES } from './device-type.ts';
import { DEVICE_SPECS, type CommandParamsOf, type DesiredOf, type TelemetryFieldsOf } from './specs.ts';

describe('device specs', () => {
  it.each(DEVICE_TYPES)('%s has the common telemetry fields and names itself', (type) => {
    const spec = DEVICE_SPECS[type];
    expect(spec.type).toBe(type);
    expect(spec.telemetry.uptime_s).toMatchObject({ kind: 'integer', unit: 's', min: 0 });
    expect(spec.telemetry.fw_version).toMatchObject({ kind: 'string' });
  });

  const allFields = DEVICE_TYPES.flatMap((type) => {
    const spec = DEVICE_SPECS[type];
    return [
      ...Object.entries(spec.telemetry).map(([name, f]) => [`${type} telemetry ${name}`, f] as const),
      ...Object.entries(spec.desired).map(([name, f]) => [`${type} desired ${name}`, f] as const),
      ...Object.entries(spec.commands).flatMap(([c, cmd]) =>
        Object.entries(cmd.params).map(([name, f]) => [`${type} command ${c} param ${name}`, f] as const),
      ),
    ];
  });
  it.each(allFields)('%s is described consistently', (_, field) => {
    expect(field.description.length).toBeGreaterThan(3);
    if (field.min !== undefined && field.max !== undefined) expect(field.min).toBeLessThan(field.max);
    if (field.kind === 'boolean' || field.kind === 'string') {
      expect(field.min).toBeUndefined();
      expect(field.max).toBeUndefined();
    }
    if (field.enum !== undefined) {
      expect(field.kind).toBe('string');
      expect(field.enum.length).toBeGreaterThan(0);
    }
  });

  it('has the ranges of the contract for a sample of fields', () => {
    expect(DEVICE_SPECS.smart_breaker.telemetry.voltage_ab).toMatchObject({ unit: 'V', min: 0, max: 830 });
    expect(DEVICE_SPECS.smart_breaker.desired.interval_s).toMatchObject({
      kind: 'number',
      min: 0.1,
      max: 3600,
    });
    expect(DEVICE_SPECS.env_sensor.telemetry.rssi).toMatchObject({ unit: 'dBm', min: -130, max: 0 });
    expect(DEVICE_SPECS.env_sensor.commands.identify?.params.duration_s).toMatchObject({ min: 1, max: 600 });
    expect(DEVICE_SPECS.camera.telemetry.motion_events).toMatchObject({ kind: 'integer', min: 0 });
    expect(Object.keys(DEVICE_SPECS.camera.commands)).toEqual(['snapshot', 'reboot']);
  });

  it('derives precise TypeScript types from the specs', () => {
    const telemetry: TelemetryFieldsOf<'smart_breaker'> = {
      breaker_state: 'tripped',
      trip_count: 3,
      arc_fault: false,
    };
    const desired: DesiredOf<'camera'> = { resolution: '1920x1080', recording: true };
    const params: CommandParamsOf<'env_sensor', 'identify'> = { duration_s: 5 };
    // @ts-expect-error 'half' is not a breaker state
    const wrong: TelemetryFieldsOf<'smart_breaker'> = { breaker_state: 'half' };
    expect([telemetry, desired, params, wrong]).toHaveLength(4);
  });
});
