import { buildRawImage } from './build-image.ts';
import { cString, putCString, putU32, u32 } from './bytes.ts';
import { CHIPS, type ChipName } from './chips.ts';

/**
 * ESP-IDF's `esp_bootloader_desc_t` (IDF ≥ 5.2): the first 80 bytes of a second-stage bootloader's
 * first (DRAM) segment; magic byte 0x50. The emulator prints its `idf_ver` in the boot log.
 */
export const BOOTLOADER_DESC_MAGIC = 0x50;
export const BOOTLOADER_DESC_SIZE = 80;

export interface BootloaderDescriptor {
  version: number;
  idfVer: string;
  dateTime: string;
}

export function buildBootloaderDescriptor(d: BootloaderDescriptor): Uint8Array {
  const b = new Uint8Array(BOOTLOADER_DESC_SIZE);
  b[0] = BOOTLOADER_DESC_MAGIC;
  putU32(b, 4, d.version);
  putCString(b, 8, 32, d.idfVer);
  putCString(b, 40, 24, d.dateTime);
  return b;
}

export function parseBootloaderDescriptor(b: Uint8Array, at: number): BootloaderDescriptor | undefined {
  if (b.length < at + BOOTLOADER_DESC_SIZE || b[at] !== BOOTLOADER_DESC_MAGIC) return undefined;
  return { version: u32(b, at + 4), idfVer: cString(b, at + 8, 32), dateTime: cString(b, at + 40, 24) };
}

export interface BuildBootloaderImageOptions {
  chip: ChipName;
  /** `idf_ver` in the bootloader descriptor; default `v5.3.1`. */
  idfVer?: string;
}

/**
 * A second-stage bootloader image for `chip`, shaped like ESP-IDF's (descriptor, a DRAM and an IRAM
 * segment at the addresses the ROM prints as `load:0x…`, SHA-256 appended), to write at the chip's
 * bootloader offset (0x1000 on ESP32, 0x0 on ESP32-S3/-C3). The emulator's ROM checks and "loads" it.
 */
export function buildBootloaderImage(o: BuildBootloaderImageOptions): Uint8Array {
  const seg = CHIPS[o.chip].bootloaderSegments;
  const desc = buildBootloaderDescriptor({
    version: 1,
    idfVer: o.idfVer ?? 'v5.3.1',
    dateTime: 'Jan  1 2026 00:00:00',
  });
  const dram = new Uint8Array(0x180);
  dram.set(desc);
  const iram = new Uint8Array(0x400);
  iram.set(new TextEncoder().encode('twinbench second-stage bootloader'), 0);
  return buildRawImage({
    chip: o.chip,
    entry: seg.entry,
    segments: [
      { loadAddress: seg.dram, data: dram },
      { loadAddress: seg.iram, data: iram },
    ],
  });
}
