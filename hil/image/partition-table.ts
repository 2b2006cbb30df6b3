import { cString, hex, md5, putCString, putU16, putU32, u16, u32 } from './bytes.ts';
import { PartitionTableError } from './errors.ts';

/**
 * ESP-IDF partition tables (`gen_esp32part.py`): 32-byte entries (`AA 50`, type, subtype, offset,
 * size, label[16], flags), an MD5 entry (`EB EB`, 14 × FF, MD5 of the entries before it), then 0xFF
 * up to the table's 0xC00 bytes.
 */
export const PARTITION_TABLE_SIZE = 0xc00;
export const ENTRY_SIZE = 32;
const ENTRY_MAGIC = 0x50aa;
const MD5_MAGIC = 0xebeb;

export const APP_SUBTYPES: Readonly<Record<string, number>> = Object.freeze({
  factory: 0x00,
  test: 0x20,
  ...Object.fromEntries(Array.from({ length: 16 }, (_, n) => [`ota_${n}`, 0x10 + n])),
});
export const DATA_SUBTYPES: Readonly<Record<string, number>> = Object.freeze({
  ota: 0x00,
  phy: 0x01,
  nvs: 0x02,
  coredump: 0x03,
  nvs_keys: 0x04,
  efuse: 0x05,
  undefined: 0x06,
  fat: 0x81,
  spiffs: 0x82,
  littlefs: 0x83,
});

export interface Partition {
  label: string;
  type: 'app' | 'data';
  /** A name from `APP_SUBTYPES`/`DATA_SUBTYPES`, or the number when it has none. */
  subtype: string;
  offset: number;
  size: number;
  /** Bit 0 encrypted, bit 1 read-only. */
  flags?: number;
}

export interface PartitionTable {
  partitions: Partition[];
  /** Whether the table carried an MD5 entry (it matched, or parsing would have thrown). */
  md5Checked: boolean;
}

/** ESP-IDF's default "Single factory app, no OTA" table. */
export const DEFAULT_PARTITIONS: readonly Partition[] = Object.freeze([
  { label: 'nvs', type: 'data', subtype: 'nvs', offset: 0x9000, size: 0x6000 },
  { label: 'phy_init', type: 'data', subtype: 'phy', offset: 0xf000, size: 0x1000 },
  { label: 'factory', type: 'app', subtype: 'factory', offset: 0x10000, size: 0x100000 },
]);

function subtypeCode(p: Partition): number {
  const table = p.type === 'app' ? APP_SUBTYPES : DATA_SUBTYPES;
  const code = table[p.subtype] ?? (/^\d+$|^0x[0-9a-f]+$/i.test(p.subtype) ? Number(p.subtype) : undefined);
  if (code === undefined)
    throw new PartitionTableError(`partition "${p.label}": unknown ${p.type} subtype "${p.subtype}"`);
  return code;
}

function subtypeName(type: 'app' | 'data', code: number): string {
  const table = type === 'app' ? APP_SUBTYPES : DATA_SUBTYPES;
  return Object.entries(table).find(([, v]) => v === code)?.[0] ?? `0x${code.toString(16).padStart(2, '0')}`;
}

/** The 0xC00-byte binary of `partitions` (default: ESP-IDF's single-app table), with the MD5 entry. */
export function buildPartitionTable(partitions: readonly Partition[] = DEFAULT_PARTITIONS): Uint8Array {
  const out = new Uint8Array(PARTITION_TABLE_SIZE).fill(0xff);
  if ((partitions.length + 1) * ENTRY_SIZE > PARTITION_TABLE_SIZE) {
    throw new PartitionTableError(`${partitions.length} partitions do not fit in a 0xC00-byte table`);
  }
  partitions.forEach((p, i) => {
    const e = i * ENTRY_SIZE;
    out.fill(0, e, e + ENTRY_SIZE);
    putU16(out, e, ENTRY_MAGIC);
    out[e + 2] = p.type === 'app' ? 0x00 : 0x01;
    out[e + 3] = subtypeCode(p);
    putU32(out, e + 4, p.offset);
    putU32(out, e + 8, p.size);
    putCString(out, e + 12, 17, p.label.slice(0, 16));
    putU32(out, e + 28, p.flags ?? 0);
  });
  const m = partitions.length * ENTRY_SIZE;
  putU16(out, m, MD5_MAGIC);
  out.set(md5(out.subarray(0, m)), m + 16);
  return out;
}

/**
 * Parses and checks a partition table as ESP-IDF's `esp_partition_table_verify` does: entry magic,
 * the MD5 entry, then offsets (apps 64 KiB aligned) and overlaps. Throws `PartitionTableError`.
 */
export function parsePartitionTable(bytes: Uint8Array): PartitionTable {
  const partitions: Partition[] = [];
  let md5Checked = false;
  for (let e = 0; e + ENTRY_SIZE <= Math.min(bytes.length, PARTITION_TABLE_SIZE); e += ENTRY_SIZE) {
    const magic = u16(bytes, e);
    if (magic === ENTRY_MAGIC) {
      const typeCode = bytes[e + 2] ?? 0;
      const type = typeCode === 0 ? 'app' : typeCode === 1 ? 'data' : undefined;
      if (!type)
        throw new PartitionTableError(
          `partition ${partitions.length} has unknown type 0x${typeCode.toString(16)}`,
        );
      partitions.push({
        label: cString(bytes, e + 12, 16),
        type,
        subtype: subtypeName(type, bytes[e + 3] ?? 0),
        offset: u32(bytes, e + 4),
        size: u32(bytes, e + 8),
        flags: u32(bytes, e + 28),
      });
    } else if (magic === MD5_MAGIC) {
      const want = hex(md5(bytes.subarray(0, e)));
      const got = hex(bytes.subarray(e + 16, e + 32));
      if (want !== got) {
        throw new PartitionTableError(
          `partition table MD5 mismatch: calculated ${want}, table has ${got}: the table is corrupt; rebuild it`,
        );
      }
      md5Checked = true;
    } else if (magic === 0xffff) {
      break;
    } else {
      throw new PartitionTableError(
        `partition ${partitions.length} invalid magic number 0x${magic.toString(16)}: no partition table at this offset (flash the partitions .bin at 0x8000)`,
      );
    }
  }
  if (partitions.length === 0) {
    throw new PartitionTableError(
      'no partitions: the partition table is empty or erased (flash the partitions .bin at 0x8000)',
    );
  }
  const sorted = [...partitions].sort((a, b) => a.offset - b.offset);
  sorted.forEach((p, i) => {
    if (p.type === 'app' && p.offset % 0x10000 !== 0) {
      throw new PartitionTableError(
        `app partition "${p.label}" at 0x${p.offset.toString(16)} is not 64 KiB aligned`,
      );
    }
    const next = sorted[i + 1];
    if (next && p.offset + p.size > next.offset) {
      throw new PartitionTableError(
        `partitions "${p.label}" and "${next.label}" overlap at 0x${next.offset.toString(16)}`,
      );
    }
  });
  return { partitions, md5Checked };
}

/** The partition the second-stage bootloader boots when there is no OTA data: factory, else ota_0. */
export function bootPartition(table: PartitionTable): Partition | undefined {
  const apps = table.partitions.filter((p) => p.type === 'app');
  return apps.find((p) => p.subtype === 'factory') ?? apps.find((p) => p.subtype === 'ota_0') ?? apps[0];
}
