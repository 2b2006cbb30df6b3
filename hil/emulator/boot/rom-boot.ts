import { checkImage } from '../../image/check-image.ts';
import { ImageCheckError } from '../../image/errors.ts';
import type { FirmwareImage } from '../../image/app-image.ts';
import { u32 } from '../../image/bytes.ts';
import { PARTITION_TABLE_OFFSET } from '../../image/chips.ts';
import type { FlashMemory } from '../flash-memory.ts';
import type { ChipPersonality, ResetReason } from '../personalities.ts';

/** The ROM's first lines after a reset: banner, reset reason and boot mode. */
export function romBanner(p: ChipPersonality, reason: ResetReason, download: boolean): string[] {
  const lines = [
    ...p.rom.banner,
    `${p.rom.resetReasons[reason]},${download ? p.rom.bootDownload : p.rom.bootFlash}`,
  ];
  if (download) lines.push('waiting for download');
  return lines;
}

export type RomLoadResult =
  | { ok: true; lines: string[]; bootloader: FirmwareImage }
  /** The ROM cannot load the second stage; `lines` is what it prints on each attempt. */
  | { ok: false; lines: string[] };

/**
 * The ROM's flash boot: read the second-stage bootloader at the chip's offset, check it as the ROM
 * does, print `load:0x…,len:…` per segment and `entry 0x…`. Blank flash gives the familiar
 * `invalid header: 0xffffffff`.
 */
export function romLoadBootloader(p: ChipPersonality, flash: FlashMemory): RomLoadResult {
  const region = flash.read(p.bootloaderOffset, PARTITION_TABLE_OFFSET - p.bootloaderOffset);
  let image: FirmwareImage;
  try {
    image = checkImage(region, { kind: 'bootloader' });
  } catch (e) {
    if (e instanceof ImageCheckError && e.check === 'checksum') {
      const m = /calculated (0x[0-9a-f]+), image has (0x[0-9a-f]+)/.exec(e.message);
      return { ok: false, lines: [...p.rom.preload, `csum err:${m?.[1]}!=${m?.[2]}`, 'ets_main.c 371 '] };
    }
    return {
      ok: false,
      lines: Array(8).fill(`invalid header: 0x${u32(region, 0).toString(16).padStart(8, '0')}`),
    };
  }
  if (image.chipId !== p.imageChipId) {
    return {
      ok: false,
      lines: [
        `Invalid chip id. Expected ${p.imageChipId} read ${image.chipId}. Bootloader for wrong chip?`,
        'ets_main.c 329 ',
      ],
    };
  }
  const lines = [...p.rom.preload];
  for (const s of image.segments) {
    const len = p.rom.loadLenHex ? `0x${s.data.length.toString(16)}` : String(s.data.length);
    lines.push(`load:0x${s.loadAddress.toString(16).padStart(8, '0')},len:${len}`);
  }
  lines.push(`entry 0x${image.entry.toString(16).padStart(8, '0')}`);
  return { ok: true, lines, bootloader: image };
}
