/**
 * The chips hil/ knows, as data: names, the chip id in an image's extended header, where the
 * second-stage bootloader lives and the flash-mapped address windows. One table, used by the image
 * checks, the image builders and the emulator's personalities (which add their ROM-loader facts).
 * Values from esptool's `targets/` (IMAGE_CHIP_ID, BOOTLOADER_FLASH_OFFSET, DROM/IROM_MAP_*).
 */
export type ChipName = 'esp32' | 'esp32s3' | 'esp32c3';

export interface ChipImageFacts {
  name: ChipName;
  /** How esptool and ESP-IDF print it. */
  label: 'ESP32' | 'ESP32-S3' | 'ESP32-C3';
  /** `chip_id` in the image's extended header. */
  imageChipId: number;
  /** Flash offset of the second-stage bootloader. */
  bootloaderOffset: number;
  /** Highest chip revision an image accepts by default (`max_chip_rev_full`, major*100+minor). */
  maxRevFull: number;
  /** Flash-mapped windows: segments loaded here sit at file offset ≡ address (mod 64 KiB). */
  drom: { start: number; end: number };
  irom: { start: number; end: number };
  /** Internal RAM where a small image's data and code segments load. */
  dram: number;
  iram: number;
  /** Where the second-stage bootloader's segments load (as the ROM prints `load:0x…`). */
  bootloaderSegments: { dram: number; iram: number; entry: number };
}

export const CHIPS: Readonly<Record<ChipName, ChipImageFacts>> = Object.freeze({
  esp32: {
    name: 'esp32',
    label: 'ESP32',
    imageChipId: 0,
    bootloaderOffset: 0x1000,
    maxRevFull: 399,
    drom: { start: 0x3f400000, end: 0x3f800000 },
    irom: { start: 0x400d0000, end: 0x40400000 },
    dram: 0x3ffb0000,
    iram: 0x40080000,
    bootloaderSegments: { dram: 0x3fff0030, iram: 0x40078000, entry: 0x4008067c },
  },
  esp32s3: {
    name: 'esp32s3',
    label: 'ESP32-S3',
    imageChipId: 9,
    bootloaderOffset: 0x0,
    maxRevFull: 99,
    drom: { start: 0x3c000000, end: 0x3e000000 },
    irom: { start: 0x42000000, end: 0x44000000 },
    dram: 0x3fc90000,
    iram: 0x40374000,
    bootloaderSegments: { dram: 0x3fce3810, iram: 0x403c9700, entry: 0x403c9904 },
  },
  esp32c3: {
    name: 'esp32c3',
    label: 'ESP32-C3',
    imageChipId: 5,
    bootloaderOffset: 0x0,
    maxRevFull: 199,
    drom: { start: 0x3c000000, end: 0x3c800000 },
    irom: { start: 0x42000000, end: 0x42800000 },
    dram: 0x3fc8a000,
    iram: 0x40380000,
    bootloaderSegments: { dram: 0x3fcd5820, iram: 0x403cc710, entry: 0x403cc710 },
  },
});

export const CHIP_NAMES = Object.keys(CHIPS) as ChipName[];

export function isChipName(s: string): s is ChipName {
  return (CHIP_NAMES as string[]).includes(s);
}

/** The chip whose images carry `chipId`, if hil/ knows it. */
export function chipByImageId(chipId: number): ChipImageFacts | undefined {
  return Object.values(CHIPS).find((c) => c.imageChipId === chipId);
}

/** Known image chip ids of chips hil/ does not emulate, so messages can still name them. */
export const OTHER_IMAGE_CHIP_IDS: Readonly<Record<number, string>> = Object.freeze({
  2: 'ESP32-S2',
  12: 'ESP32-C2',
  13: 'ESP32-C6',
  16: 'ESP32-H2',
});

export function imageChipLabel(chipId: number): string {
  return chipByImageId(chipId)?.label ?? OTHER_IMAGE_CHIP_IDS[chipId] ?? `unknown chip id ${chipId}`;
}

/** Partition-table and app locations every chip shares (ESP-IDF defaults). */
export const PARTITION_TABLE_OFFSET = 0x8000;
export const FACTORY_APP_OFFSET = 0x10000;
