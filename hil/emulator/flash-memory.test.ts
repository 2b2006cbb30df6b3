import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FlashMemory } from './flash-memory.ts';
import { SlipDecoder, slipEncode } from './slip.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('FlashMemory', () => {
  it('starts erased, writes like NOR (only 1 → 0), erases whole 4 KiB sectors', () => {
    const f = new FlashMemory(0x10000);
    expect(f.read(0, 4)).toEqual(Uint8Array.of(0xff, 0xff, 0xff, 0xff));
    f.write(0x1000, Uint8Array.of(0xf0));
    f.write(0x1000, Uint8Array.of(0x0f));
    expect(f.read(0x1000, 1)[0]).toBe(0x00);
    f.erase(0x1800, 1);
    expect(f.read(0x1000, 1)[0]).toBe(0xff);
    expect(() => f.write(0xffff, Uint8Array.of(1, 2))).toThrow(/outside the 0.0625 MiB flash/);
  });

  it('keeps its contents in a file between boards', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-flash-'));
    dirs.push(dir);
    const file = join(dir, 'board.bin');
    const a = new FlashMemory(0x20000, file);
    a.write(0x10000, Uint8Array.of(0xe9, 0x03));
    a.close();
    expect(statSync(file).size).toBe(0x20000);
    expect(readFileSync(file)[0x10000]).toBe(0xe9);
    const b = new FlashMemory(0x20000, file);
    expect(b.read(0x10000, 2)).toEqual(Uint8Array.of(0xe9, 0x03));
    expect(b.read(0, 1)[0]).toBe(0xff);
    b.close();
  });
});

describe('SLIP', () => {
  it('escapes C0 and DB and decodes frames split anywhere, ignoring noise between frames', () => {
    const payload = Uint8Array.of(1, 0xc0, 2, 0xdb, 3);
    const wire = slipEncode(payload);
    expect(Array.from(wire)).toEqual([0xc0, 1, 0xdb, 0xdc, 2, 0xdb, 0xdd, 3, 0xc0]);
    const d = new SlipDecoder();
    const stream = Uint8Array.from([0x41, 0x42, ...wire, ...slipEncode(Uint8Array.of(9))]);
    const frames = [...d.push(stream.subarray(0, 5)), ...d.push(stream.subarray(5))];
    expect(frames.map((f) => Array.from(f))).toEqual([Array.from(payload), [9]]);
  });
});
