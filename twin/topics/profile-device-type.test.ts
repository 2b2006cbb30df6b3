import { afterEach, describe, expect, it } from 'vitest';
import SOIL from '../../docs/examples/device-types/soil-probe.yaml?raw';
import { parseDeviceTypeFile } from '../devices/type-file.ts';
import { registerDeviceTypes, unregisterDeviceType } from '../devices/type-registry.ts';
import { TwinError } from '../errors.ts';
import { compileProfile, type TopicProfileSpec } from './profiles.ts';

const spec = (deviceType: string): TopicProfileSpec => ({
  name: 'soil-lab',
  telemetry: 'lab/{id}/data',
  command: 'lab/{id}/cmd',
  deviceType,
});

describe("a topic profile's deviceType", () => {
  afterEach(() => unregisterDeviceType('soil_probe'));

  it('may be a built-in type', () => {
    expect(compileProfile(spec('env_sensor')).spec.deviceType).toBe('env_sensor');
  });

  it('may be a type from a device-type file once it is registered, and says what to do before', () => {
    const attempt = () => compileProfile(spec('soil_probe'));
    expect(attempt).toThrow(TwinError);
    expect(attempt).toThrow(
      /deviceType 'soil_probe' is not a known device type .*load its device-type file first/,
    );
    registerDeviceTypes([parseDeviceTypeFile(SOIL, 'soil-probe.yaml')]);
    expect(compileProfile(spec('soil_probe')).spec.deviceType).toBe('soil_probe');
  });

  it("refuses 'generic', which no device announces", () => {
    expect(() => compileProfile(spec('generic'))).toThrow(/not a known device type/);
  });
});
