// A HIL scenario that mixes console steps and twin expectations, run by the scenario runner on a real
// stack and platform process: a simulated fleet on the platform and the emulated ESP32-S3 flashed,
// booted, talked to and Unity-tested in one timeline (fixtures/board-and-twin/scenario.yaml). Then the
// failures that must fail: a wrong-chip image and a board that never prints what is expected.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSuite } from '../../scenarios/index.ts';
import { startStack, type StackMode, type StartedStack } from '../../stack/index.ts';
import { registerHilSteps } from './register.ts';

registerHilSteps();

let stack: StartedStack;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tb-hil-scenario-'));
  stack = await startStack({ mode: (process.env.TWINBENCH_TEST_STACK as StackMode | undefined) ?? 'auto' });
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The fixture with its logs (and Unity JUnit) sent to the test's temp dir. */
function fixture(name: string): string {
  const text = readFileSync(
    fileURLToPath(new URL(`./fixtures/${name}/scenario.yaml`, import.meta.url)),
    'utf8',
  );
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    text.replace(/^hil:\n/m, `hil:\n  logs: ${JSON.stringify(join(dir, 'logs'))}\n  cache: false\n`),
  );
  return file;
}

describe('HIL scenarios in the scenario runner', () => {
  it('mixes board console steps and twin expectations; Unity results become JUnit test cases', async () => {
    const r = await runSuite({ paths: [fixture('board-and-twin')], stack, reporters: [] });
    const s = r.scenarios[0]!;
    expect(s.failures.map((f) => f.message)).toEqual([]);
    expect(s.status).toBe('passed');
    expect(s.steps.map((x) => x.kind)).toEqual([
      'start_fleet',
      'hil.flash',
      'hil.expect',
      'hil.expect',
      'eventually',
      'wait-serial',
      'hil.send',
      'hil.expect',
      'write-serial',
      'hil.expect',
      'hil.unity',
      'eventually',
      'hil.reset',
      'hil.expect',
    ]);
    expect(s.steps[1]!.detail).toMatch(/dut: ESP32-S3 .*MD5 verified/);
    const unity = readdirSync(join(dir, 'logs')).find((f) => f.startsWith('unity-'));
    const xml = readFileSync(join(dir, 'logs', unity!), 'utf8');
    expect(xml).toMatch(
      /<testsuite name="dut: Unity tests on dut" tests="5" failures="1" errors="0" skipped="1"/,
    );
    expect(xml).toMatch(
      /<testcase classname="test\/test_main.c" name="test_adc_range" file="test\/test_main.c" line="44">\n {6}<failure message="Expected 3300 Was 3297"/,
    );
    expect(readFileSync(join(dir, 'logs', 'dut.log'), 'utf8')).toMatch(/Z \[sent\] status\n/);
  });

  it('fails on a wrong-chip image, and on a board that never answers, with its last console lines', async () => {
    writeFileSync(
      join(dir, 'wrong-chip.yaml'),
      `name: wrong chip
hil: { boards: { dut: { port: 'emulator:esp32c3' } }, logs: ${JSON.stringify(join(dir, 'logs2'))} }
steps:
  - hil.flash: { image: { project: tb-console, version: 1.0.0, chip: esp32s3 } }
`,
    );
    writeFileSync(
      join(dir, 'silent.yaml'),
      `name: silent board
hil: { boards: { dut: { port: 'emulator:esp32' } }, logs: ${JSON.stringify(join(dir, 'logs3'))} }
steps:
  - hil.reset: dut
  - hil.expect: { match: app_main, within: 1500ms }
`,
    );
    const r = await runSuite({
      paths: [join(dir, 'wrong-chip.yaml'), join(dir, 'silent.yaml')],
      stack,
      reporters: [],
    });
    const wrong = r.scenarios.find((x) => x.name === 'wrong chip');
    const silent = r.scenarios.find((x) => x.name === 'silent board');
    // The engine reports a throwing action as 'error' (it has no way yet for an action to say 'failed').
    expect(wrong?.status).toBe('error');
    expect(wrong?.failures[0]?.message).toMatch(
      /image is for ESP32-S3 \(chip id 9\) but the board is an ESP32-C3/,
    );
    expect(silent?.status).toBe('error');
    expect(silent?.failures[0]?.message).toMatch(
      /waited 1500 ms for "app_main"[\s\S]*\| invalid header: 0xffffffff/,
    );
  });
});
