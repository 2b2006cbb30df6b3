import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isKnownDeviceType, unregisterDeviceType } from '../../twin/index.ts';
import { loadScenarioText } from './load-scenario.ts';

// A scenario file beside the repository root's docs/, so '../docs/…' reaches the example type.
const FILE = fileURLToPath(new URL('../../main.yaml', import.meta.url));

const scenario = (deviceTypes: string) => `name: soil
deviceTypes: ${deviceTypes}
fleets:
  - name: probes
    groups: [{ type: soil_probe, count: 1 }]
steps:
  - wait: 1s
`;

describe("a scenario's deviceTypes", () => {
  afterEach(() => unregisterDeviceType('soil_probe'));

  it('registers the files (relative to the scenario) before its fleets are checked', () => {
    const [one] = loadScenarioText(scenario('[docs/examples/device-types/soil-probe.yaml]'), FILE);
    expect(one?.doc.fleets?.[0]?.groups[0]?.type).toBe('soil_probe');
    expect(isKnownDeviceType('soil_probe')).toBe(true);
  });

  it('refuses a missing file at its place in the list', () => {
    expect(() => loadScenarioText(scenario('[docs/nope.yaml]'), FILE)).toThrow(
      /main\.yaml:2:15: Device-type file or folder .*docs\/nope\.yaml not found/,
    );
  });

  it('without the file, the fleet names an unknown type', () => {
    expect(() => loadScenarioText(scenario('[]'), FILE)).toThrow(
      /main\.yaml:5:22: unknown device type 'soil_probe'; one of smart_breaker, env_sensor, camera, gateway, or a type of your own/,
    );
  });
});
