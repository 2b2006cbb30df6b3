// Software in the loop, in `npm test`: the library's SIL scenario (scenarios/library/sil-node.yaml)
// run the way `twinbench run` runs it — the host node built and packed, registered as the emulated
// ESP32's app, the HIL and firmware steps registered — against a real stack and platform.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerHilSteps } from '../../hil/index.ts';
import { runSuite, stepRegistry } from '../../scenarios/index.ts';
import type { StackMode } from '../../stack/index.ts';
import {
  buildHostNode,
  FIRMWARE_DIR,
  packFirmware,
  registerFirmwareApp,
  registerFirmwareSteps,
} from '../index.ts';

const SCENARIO = join(FIRMWARE_DIR, '..', 'scenarios', 'library', 'sil-node.yaml');

describe('SIL: the host node on the emulated ESP32', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'tb-sil-nvs-'));
  let unregister = () => {};

  beforeAll(async () => {
    const build = await buildHostNode(); // incremental: quick when CI built it already
    packFirmware({ binary: build.binary, chips: ['esp32'] });
    registerHilSteps();
    registerFirmwareSteps();
    unregister = registerFirmwareApp({ binary: build.binary, stateDir });
  }, 600_000);

  afterAll(() => {
    unregister();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('passes scenarios/library/sil-node.yaml', { timeout: 240_000 }, async () => {
    const r = await runSuite({
      paths: [SCENARIO],
      stack: (process.env.TWINBENCH_TEST_STACK as StackMode | undefined) ?? 'auto',
      reporters: ['junit'],
      outDir: 'reports/sil',
      registry: stepRegistry,
    });
    const problems = [
      ...r.invalid.map((i) => i.message),
      ...r.scenarios.flatMap((s) => s.failures.map((f) => `${s.name}:\n${f.message}`)),
      ...(r.error ? [r.error] : []),
    ];
    expect(problems).toEqual([]);
    expect(r.counts.total).toBe(1);
    expect(r.exitCode).toBe(0);
  });
});
