import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HIL_ERROR_CODES } from '../errors.ts';
import { parseRig, selectBoards } from './rig-file.ts';

const RIG = `version: 1
boards:
  dut1:
    port: rfc2217://127.0.0.1:4000
    chip: esp32s3
    role: sensor
    reset: { bootloader: usbJtagSerial }
    device: env-001
  bench-b:
    identity: { serialNumber: "0001", location: 1-1.2 }
    role: gateway
  emu:
    port: emulator:esp32c3
`;

describe('rig file', () => {
  it('compiles boards with parsed ports, defaults and identities', () => {
    const rig = parseRig(RIG, 'rig.yaml');
    expect(rig.boards.map((b) => [b.name, b.port?.kind, b.chip, b.baud, b.reset])).toEqual([
      ['dut1', 'rfc2217', 'esp32s3', 115200, { bootloader: 'usbJtagSerial', app: 'hard' }],
      ['bench-b', undefined, undefined, 115200, { bootloader: undefined, app: 'hard' }],
      ['emu', 'emulator', 'esp32c3', 115200, { bootloader: undefined, app: 'hard' }],
    ]);
    expect(rig.boards[1]!.identity).toEqual({ serialNumber: '0001', location: '1-1.2' });
    expect(rig.locksDir).toBe('.twinbench/locks');
  });

  it('reads the example rig of docs/hil.md', () => {
    const text = readFileSync(new URL('../examples/desk-rig.yaml', import.meta.url), 'utf8');
    const rig = parseRig(text, 'desk-rig.yaml');
    expect(rig.boards.map((b) => [b.name, b.port?.kind, b.role])).toEqual([
      ['s3-node', 'serialport', 'sensor-node'],
      ['devkitc', undefined, 'gateway'],
      ['lab-c3', 'rfc2217', 'lab'],
      ['emulated', 'emulator', 'ci'],
    ]);
    expect(rig.boards[2]!.port).toMatchObject({
      host: 'rig-pi.local',
      port: 4000,
      ignoreSetControlAck: true,
    });
  });

  it('selects boards by name, role or *', () => {
    const rig = parseRig(RIG, 'rig.yaml');
    expect(selectBoards(rig, 'gateway').map((b) => b.name)).toEqual(['bench-b']);
    expect(selectBoards(rig, 'dut1').map((b) => b.name)).toEqual(['dut1']);
    expect(selectBoards(rig, '*')).toHaveLength(3);
    expect(() => selectBoards(rig, 'nope')).toThrow(
      expect.objectContaining({ code: HIL_ERROR_CODES.RIG_NO_BOARD }),
    );
  });

  it('reports every problem at file:line:col', () => {
    const bad = `boards:
  dut1:
    port: rfc2217://host-without-port
    chip: esp8266
    colour: red
    reset:
      bootloader: D0|Q1
  lonely:
    role: x
`;
    let error: unknown;
    try {
      parseRig(bad, 'bad.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: HIL_ERROR_CODES.RIG_INVALID });
    const message = (error as Error).message;
    expect(message).not.toMatch(/schema is false/);
    expect(message).toMatch(/bad\.yaml:4:5: boards\.dut1\.chip: must be one of esp32, /);
    expect(message).toMatch(/bad\.yaml:5:5: boards\.dut1\.colour: unknown key 'colour'/);
  });

  it('checks meaning once the shape is right: ports, reset sequences, a way to find the board', () => {
    const bad = `boards:
  dut1:
    port: rfc2217://host-without-port
    reset:
      bootloader: D0|Q1
  lonely:
    role: x
`;
    expect(() => parseRig(bad, 'bad.yaml')).toThrow(
      /bad\.yaml:3:5: boards\.dut1\.port: 'rfc2217:\/\/host-without-port' is not an RFC 2217 URL[\s\S]*bad\.yaml:5:7: boards\.dut1\.reset\.bootloader: Reset sequence 'D0\|Q1' has a bad step 'Q1'[\s\S]*bad\.yaml:6:3: boards\.lonely: needs a port/,
    );
  });

  it('reports YAML syntax errors with their position', () => {
    expect(() => parseRig('boards:\n  dut1: [unclosed\n', 'x.yaml')).toThrow(/x\.yaml:\d+:\d+: YAML/);
  });
});
