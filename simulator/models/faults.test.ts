import { describe, expect, it } from 'vitest';
import { BreakerModel } from './breaker/breaker-model.ts';
import { CameraModel } from './camera/camera-model.ts';
import { EnvSensorModel } from './env-sensor/env-sensor-model.ts';
import type { DeviceModel, TelemetryRecord } from './model.ts';

const HOUR = 3_600_000;

// The fault layer is shared: the same behaviour on every device type, on one numeric field each.
const MODELS: [string, () => DeviceModel<TelemetryRecord, object>, string][] = [
  ['smart_breaker', () => new BreakerModel({ seed: 1 }), 'voltage_an'],
  ['env_sensor', () => new EnvSensorModel({ seed: 1 }), 'temperature'],
  ['camera', () => new CameraModel({ seed: 1, outagesPerDay: 0 }), 'bitrate_kbps'],
];

describe.each(MODELS)('faults on %s', (_type, make, field) => {
  it('freezes a stuck field until released', () => {
    const m = make();
    m.advance(HOUR);
    const frozen = m.telemetry()[field];
    m.setStuck(field);
    for (let i = 1; i <= 10; i++) {
      m.advance(HOUR + i * 600_000);
      expect(m.telemetry()[field]).toBe(frozen);
    }
    m.setStuck(undefined);
    m.advance(3 * HOUR);
    expect(m.telemetry()[field]).not.toBe(frozen);
  });

  it('drifts a field by the rate per hour relative to a healthy twin', () => {
    const m = make();
    const twin = make();
    m.setDrift(field, 2);
    m.advance(3 * HOUR);
    twin.advance(3 * HOUR);
    const diff = (m.telemetry()[field] as number) - (twin.telemetry()[field] as number);
    expect(diff).toBeCloseTo(6, 0);
  });

  it('spikes one reading only', () => {
    const m = make();
    m.advance(HOUR);
    const normal = m.telemetry()[field] as number;
    m.spike(field, 10);
    expect(m.telemetry()[field]).toBeCloseTo(normal * 10, 0);
    m.advance(HOUR + 1000);
    expect(Math.abs((m.telemetry()[field] as number) - normal)).toBeLessThan(Math.abs(normal) * 2);
  });

  it('rejects unknown or non-numeric fields with a message naming them', () => {
    const m = make();
    expect(() => m.setStuck('no_such_field')).toThrow(/no_such_field/);
    expect(() => m.setDrift('fw_version', 1)).toThrow(/fw_version/);
  });

  it('reports a new firmware version and restarts uptime on reboot', () => {
    const m = make();
    m.advance(HOUR);
    m.setFirmware('2.1.0');
    m.reboot();
    expect(m.advance(HOUR + 10_000)).toContainEqual({ ts: HOUR, type: 'reboot' });
    expect(m.telemetry()).toMatchObject({ fw_version: '2.1.0', uptime_s: 10 });
  });
});
