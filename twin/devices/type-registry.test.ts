import { afterEach, describe, expect, it } from 'vitest';
import SOIL from '../../docs/examples/device-types/soil-probe.yaml?raw';
import { parseStatus } from './messages.ts';
import { parseDeviceTypeFile } from './type-file.ts';
import {
  customDeviceType,
  deviceTypeShort,
  deviceTypeSpec,
  isKnownDeviceType,
  knownDeviceTypes,
  registerDeviceTypes,
  unregisterDeviceType,
} from './type-registry.ts';
import { parseCommandRequest, parseTelemetry, validateDesired } from './validate.ts';

const soil = () => parseDeviceTypeFile(SOIL, 'soil-probe.yaml');

describe('the device-type registry', () => {
  afterEach(() => unregisterDeviceType('soil_probe'));

  it('knows the built-in types, and a registered one only once registered', () => {
    expect(isKnownDeviceType('env_sensor')).toBe(true);
    expect(isKnownDeviceType('soil_probe')).toBe(false);
    expect(parseTelemetry('soil_probe', { moisture: 30 }).ok).toBe(false);
    registerDeviceTypes([soil()]);
    expect(isKnownDeviceType('soil_probe')).toBe(true);
    expect(knownDeviceTypes()).toContain('soil_probe');
    expect(deviceTypeShort('soil_probe')).toBe('soil');
    expect(deviceTypeShort('env_sensor')).toBe('env');
    expect(deviceTypeSpec('soil_probe')?.telemetry.moisture?.unit).toBe('%');
    expect(customDeviceType('env_sensor')).toBeUndefined();
  });

  it('validates telemetry, desired state, commands and status of a registered type', () => {
    registerDeviceTypes([soil()]);
    expect(parseTelemetry('soil_probe', { fields: { moisture: 31.5, valve: 'open', dry: false } })).toEqual({
      ok: true,
      value: { fields: { moisture: 31.5, valve: 'open', dry: false } },
    });
    expect(parseTelemetry('soil_probe', { moisture: 130 })).toEqual({
      ok: false,
      errors: ['moisture: 130 is out of range; allowed: number 0..100 %'],
    });
    expect(parseTelemetry('soil_probe', { valve: 'ajar' }).ok).toBe(false);
    expect(validateDesired('soil_probe', { threshold: 25 }).ok).toBe(true);
    expect(validateDesired('soil_probe', { threshold: 250 })).toEqual({
      ok: false,
      errors: ['desired.threshold: 250 is out of range; allowed: number 0..100 %'],
    });
    expect(parseCommandRequest('soil_probe', 'calibrate', { dry_point: 12 }).ok).toBe(true);
    expect(parseCommandRequest('soil_probe', 'open').ok).toBe(false);
    expect(parseStatus({ online: true, type: 'soil_probe' })).toEqual({
      ok: true,
      value: { online: true, type: 'soil_probe' },
    });
  });

  it('accepts the same definition twice, and refuses a different one under the same name', () => {
    registerDeviceTypes([soil()]);
    registerDeviceTypes([soil()]);
    const other = parseDeviceTypeFile('name: soil_probe\ntelemetry: { x: { kind: number } }\n', 'other.yaml');
    expect(() => registerDeviceTypes([other])).toThrow(
      "Device type 'soil_probe' is defined twice, differently: in soil-probe.yaml and in other.yaml; keep one.",
    );
  });
});
