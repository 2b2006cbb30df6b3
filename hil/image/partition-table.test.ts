import { describe, expect, it } from 'vitest';
import { md5 } from './bytes.ts';
import { PartitionTableError } from './errors.ts';
import {
  bootPartition,
  buildPartitionTable,
  DEFAULT_PARTITIONS,
  parsePartitionTable,
  PARTITION_TABLE_SIZE,
} from './partition-table.ts';

describe('partition tables', () => {
  it('builds the default single-app table as gen_esp32part.py does', () => {
    const t = buildPartitionTable();
    expect(t.length).toBe(PARTITION_TABLE_SIZE);
    // nvs: AA 50 | data 01 | nvs 02 | 0x9000 | 0x6000 | "nvs"
    expect(Buffer.from(t.subarray(0, 16)).toString('hex')).toBe('aa5001020090000000600000' + '6e767300');
    // factory: app 00 / factory 00 at 0x10000, 1 MiB
    expect(Buffer.from(t.subarray(64, 76)).toString('hex')).toBe('aa500000' + '00000100' + '00001000');
    expect(Buffer.from(t.subarray(96, 112)).toString('hex')).toBe('ebeb' + 'ff'.repeat(14));
    expect(Buffer.from(t.subarray(112, 128)).equals(Buffer.from(md5(t.subarray(0, 96))))).toBe(true);
    expect(t.subarray(128).every((b) => b === 0xff)).toBe(true);
  });

  it('parses back what it builds and finds the factory app', () => {
    const parsed = parsePartitionTable(buildPartitionTable());
    expect(parsed.md5Checked).toBe(true);
    expect(parsed.partitions.map(({ flags: _f, ...p }) => p)).toEqual(DEFAULT_PARTITIONS);
    expect(bootPartition(parsed)).toMatchObject({ label: 'factory', offset: 0x10000, size: 0x100000 });
  });

  it('refuses a table whose MD5 does not match', () => {
    const t = buildPartitionTable();
    t[8] = 0x70; // nvs size changed after the MD5 was computed
    expect(() => parsePartitionTable(t)).toThrow(/MD5 mismatch/);
  });

  it('refuses erased flash, a bad magic, unaligned apps and overlaps', () => {
    expect(() => parsePartitionTable(new Uint8Array(0xc00).fill(0xff))).toThrow(/empty or erased/);
    expect(() => parsePartitionTable(new Uint8Array(0xc00))).toThrow(/invalid magic number 0x0/);
    expect(() =>
      buildPartitionTable([{ label: 'x', type: 'app', subtype: 'nope', offset: 0x10000, size: 0x1000 }]),
    ).toThrow(PartitionTableError);
    expect(() =>
      parsePartitionTable(
        buildPartitionTable([{ label: 'a', type: 'app', subtype: 'factory', offset: 0x11000, size: 0x1000 }]),
      ),
    ).toThrow(/not 64 KiB aligned/);
    expect(() =>
      parsePartitionTable(
        buildPartitionTable([
          { label: 'nvs', type: 'data', subtype: 'nvs', offset: 0x9000, size: 0x8000 },
          { label: 'phy', type: 'data', subtype: 'phy', offset: 0xf000, size: 0x1000 },
        ]),
      ),
    ).toThrow(/"nvs" and "phy" overlap/);
  });
});
