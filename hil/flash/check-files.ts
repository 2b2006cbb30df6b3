/**
 * The checks run on every file before a board is touched, and again against the chip esptool-js
 * detects: the one place that decides what a flash file is (by its name, else by its address).
 */
import { checkImage } from '../image/check-image.ts';
import {
  CHIPS,
  FACTORY_APP_OFFSET,
  PARTITION_TABLE_OFFSET,
  imageChipLabel,
  type ChipName,
} from '../image/chips.ts';
import { ImageCheckError } from '../image/errors.ts';
import { parsePartitionTable } from '../image/partition-table.ts';
import type { FirmwareImage } from '../image/app-image.ts';

import type { FlashFile } from '../image/flash-set.ts';

export type { FlashFile };

export type FlashFileKind = 'bootloader' | 'partition-table' | 'app' | 'data';

export function kindOf(file: FlashFile): FlashFileKind {
  if (file.name === 'bootloader' || file.name === 'partition-table' || file.name === 'app') return file.name;
  if (file.address === PARTITION_TABLE_OFFSET) return 'partition-table';
  if (file.address === 0x1000 || file.address === 0x0) return 'bootloader';
  if (file.address >= FACTORY_APP_OFFSET && file.data[0] === 0xe9) return 'app';
  return file.address === FACTORY_APP_OFFSET ? 'app' : 'data';
}

/** Parses every image file (refusing corrupt ones); returns the chip ids the images carry. */
export function checkFiles(files: readonly FlashFile[]): { file: FlashFile; image?: FirmwareImage }[] {
  return files.map((file) => {
    const kind = kindOf(file);
    try {
      if (kind === 'app' || kind === 'bootloader') return { file, image: checkImage(file.data, { kind }) };
      if (kind === 'partition-table') parsePartitionTable(file.data);
      return { file };
    } catch (e) {
      if (e instanceof Error) e.message = `${file.name} at 0x${file.address.toString(16)}: ${e.message}`;
      throw e;
    }
  });
}

/**
 * Refuses images built for another chip than `imageChipId` (the detected or declared chip), naming
 * both. Works for chips hil/image does not emulate too (ESP32-C6 and others).
 */
export function checkChip(
  checked: ReturnType<typeof checkFiles>,
  imageChipId: number,
  boardLabel: string,
): void {
  for (const { file, image } of checked) {
    if (!image || image.chipId === imageChipId) continue;
    const known = Object.values(CHIPS).find((c) => c.imageChipId === imageChipId);
    throw new ImageCheckError(
      'chip',
      `${file.name} at 0x${file.address.toString(16)}: image is for ${imageChipLabel(image.chipId)} (chip id ${image.chipId}) but the board is an ${boardLabel} (chip id ${imageChipId}): ` +
        `build for ${known?.name ?? boardLabel} (idf.py set-target ${known?.name ?? boardLabel.toLowerCase().replace('-', '')}) or flash it to an ${imageChipLabel(image.chipId)} board`,
    );
  }
}

export function imageChipIdOf(chip: ChipName): number {
  return CHIPS[chip].imageChipId;
}
