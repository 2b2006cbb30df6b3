import { describe, expect, it } from 'vitest';
import {
  BUILTIN_ACTIONS,
  BUILTIN_CONDITIONS,
  StepRegistry,
  loadScenarioText,
} from '../../scenarios/index.ts';
import { registerHilSteps } from './register.ts';

const FILE = '/virtual/hil.yaml';
function registry(): StepRegistry {
  const r = new StepRegistry({ actions: BUILTIN_ACTIONS, conditions: BUILTIN_CONDITIONS });
  registerHilSteps(r);
  registerHilSteps(r); // idempotent
  return r;
}
const load = (text: string) => loadScenarioText(text, FILE, undefined, { registry: registry() });

const HEAD = `name: x
hil:
  boards:
    dut: { port: 'emulator:esp32s3', role: node }
    gw: { port: 'emulator:esp32', role: gateway }
steps:
`;

describe('HIL scenario steps', () => {
  it('load with a hil section, every step kind, dut by name or role, Wokwi serial steps as they are', () => {
    const [instance] = load(
      HEAD +
        `  - hil.flash: { image: { project: tb-console, version: 1.0.0 } }
  - hil.flash: { dut: gateway, files: [{ address: 0x1000, path: bl.bin }, { address: '0x10000', path: app.bin }], baud: 921600 }
  - hil.reset: gw
  - hil.expect: { dut: node, match: ['/ready/', done], all: true, within: 5s, not_matching: '/E \\(\\d+\\)/' }
  - hil.send: { dut: gw, line: status }
  - hil.unity: { run: selftest }
  - wait-serial: 'tb> '
  - write-serial: "help\\n"
  - delay: 500ms
`,
    );
    expect(instance).toBeDefined();
  });

  it('refuses an unknown dut, a missing hil section, a bad regex and a bad reset sequence, at file:line:col', () => {
    expect(() =>
      load(
        HEAD +
          `  - hil.expect: { dut: nope, match: x }
  - hil.expect: '/unclosed(/'
  - hil.reset: { sequence: 'D0|X1' }
`,
      ),
    ).toThrow(
      /hil\.yaml:7:\d+: .*no dut 'nope' in the hil section \(duts: dut, gw\)[\s\S]*hil\.yaml:8:\d+: .*not a valid regular expression[\s\S]*hil\.yaml:9:\d+: .*bad step 'X1'/,
    );
    expect(() => load('name: x\nsteps:\n  - hil.send: hello\n')).toThrow(/hil\.send needs a 'hil:' section/);
  });

  it('checks the section: a rig file or boards, and the duts it names', () => {
    expect(() =>
      load("name: x\nhil: { boards: { a: { port: 'emulator:esp32' } }, duts: [b] }\nsteps: []\n"),
    ).toThrow(/no board or role 'b'/);
    expect(() => load('name: x\nhil: { duts: [b] }\nsteps: []\n')).toThrow(/either 'rig: <file>' or 'boards/);
    expect(() => load("name: x\nhil: { boards: { a: { port: 'emulator:esp8266' } } }\nsteps: []\n")).toThrow(
      /the emulator has no chip 'esp8266'/,
    );
  });
});
