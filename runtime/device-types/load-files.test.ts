import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceTypePathsFromEnv, readDeviceTypeFiles } from './load-files.ts';

const type = (name: string) =>
  `name: ${name}\ntelemetry:\n  level: { kind: number, simulate: { constant: 1 } }\n`;
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('reading device-type files', () => {
  it('reads a file, or every type file of a folder in name order, relative to a base folder', () => {
    dir = mkdtempSync(join(tmpdir(), 'tb-types-'));
    mkdirSync(join(dir, 'types'));
    writeFileSync(join(dir, 'types', 'b.yaml'), type('tank_b'));
    writeFileSync(join(dir, 'types', 'a.yml'), type('tank_a'));
    writeFileSync(join(dir, 'types', 'notes.txt'), 'not a type');
    writeFileSync(
      join(dir, 'one.json'),
      JSON.stringify({ name: 'pump', telemetry: { rpm: { kind: 'integer' } } }),
    );
    const names = readDeviceTypeFiles(['types', 'one.json'], dir).map((d) => d.name);
    expect(names).toEqual(['tank_a', 'tank_b', 'pump']);
  });

  it('says which path is missing, and that a folder holds no type files', () => {
    dir = mkdtempSync(join(tmpdir(), 'tb-types-'));
    expect(() => readDeviceTypeFiles(['nope.yaml'], dir)).toThrow(
      /Device-type file or folder .*nope\.yaml not found/,
    );
    expect(() => readDeviceTypeFiles(['.'], dir)).toThrow(
      /holds no device-type files \(\*\.yaml, \*\.yml, \*\.json\)/,
    );
  });

  it('names the file and place of a bad one', () => {
    dir = mkdtempSync(join(tmpdir(), 'tb-types-'));
    writeFileSync(join(dir, 'bad.yaml'), 'name: Bad Name\ntelemetry: {}\n');
    expect(() => readDeviceTypeFiles(['bad.yaml'], dir)).toThrow(/bad\.yaml:1:7: name: /);
  });

  it('splits an environment value on ":"', () => {
    expect(deviceTypePathsFromEnv('a.yaml: types/ ::')).toEqual(['a.yaml', 'types/']);
    expect(deviceTypePathsFromEnv(undefined)).toEqual([]);
  });
});
