// The SIL scenario in the library against the firmware it tests: same version, files `pack` writes,
// and it loads with the HIL and firmware steps registered.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerHilSteps } from '../../hil/index.ts';
import {
  BUILTIN_ACTIONS,
  BUILTIN_CONDITIONS,
  loadScenarioFile,
  StepRegistry,
} from '../../scenarios/index.ts';
import { packedFileName } from '../pack.ts';
import { FIRMWARE_DIR, firmwareVersion } from '../paths.ts';
import { registerFirmwareSteps } from '../register.ts';
import { provisionLines } from './provision-step.ts';

const SCENARIO = join(FIRMWARE_DIR, '..', 'scenarios', 'library', 'sil-node.yaml');
const text = readFileSync(SCENARIO, 'utf8');

describe('scenarios/library/sil-node.yaml', () => {
  it('expects the version in firmware/VERSION', () => {
    const v = firmwareVersion().replaceAll('.', '\\.');
    expect(text).toContain(`App version: +${v}/`);
    expect(text).toContain(`fw=${v} mqtt=online`);
    expect(text).toContain(`fwVersion, equals: ${firmwareVersion()} }`);
    expect(text).toContain(`field: fw_version, equals: ${firmwareVersion()} }`);
  });

  it('flashes the files twinbench firmware pack writes', () => {
    for (const name of ['bootloader', 'partition-table', 'app'] as const)
      expect(text).toContain(`path: ../../firmware/build/host/${packedFileName('esp32', name)} }`);
  });

  it('loads with the HIL and firmware steps registered', async () => {
    // A registry of its own, as the process-wide one starts (unit files share a worker, and others
    // check that one holds only the built-in kinds).
    const registry = new StepRegistry({ actions: BUILTIN_ACTIONS, conditions: BUILTIN_CONDITIONS });
    registerHilSteps(registry);
    registerFirmwareSteps(registry);
    const [scenario] = await loadScenarioFile(SCENARIO, { registry });
    expect(scenario).toBeDefined();
  });
});

describe('firmware.provision', () => {
  it('types the broker, the prefixed id, then the optional type and interval', () => {
    expect(
      provisionLines(
        { device_id: 'sil-brk', type: 'smart_breaker', interval_s: 2 },
        'mqtt://127.0.0.1:1883',
        'ab12-1-',
      ),
    ).toEqual([
      'set mqtt_url mqtt://127.0.0.1:1883',
      'set device_id ab12-1-sil-brk',
      'set type smart_breaker',
      'set interval_s 2',
    ]);
    expect(provisionLines({ device_id: 'n' }, 'mqtt://h:1', '')).toEqual([
      'set mqtt_url mqtt://h:1',
      'set device_id n',
    ]);
  });
});
