import {
  checksumOf,
  checksumOffsetAfter,
  EXTENDED_HEADER_SIZE,
  FLASH_MODES,
  HEADER_SIZE,
  IMAGE_MAGIC,
  MAX_SEGMENTS,
  SEGMENT_HEADER_SIZE,
  WP_PIN_DISABLED,
  type FlashMode,
} from './app-image.ts';
import { concat, putU16, putU32, sha256 } from './bytes.ts';
import { CHIPS, type ChipName } from './chips.ts';

/** One segment to place in an image: where it loads and its bytes (padded to 4 bytes). */
export interface SegmentInput {
  loadAddress: number;
  data: Uint8Array;
}

/** Flash sizes as the header's high nibble (esptool `FLASH_SIZES`). */
export const FLASH_SIZE_CODES = { '1MB': 0x00, '2MB': 0x10, '4MB': 0x20, '8MB': 0x30, '16MB': 0x40 } as const;
export type FlashSizeName = keyof typeof FLASH_SIZE_CODES;

export interface RawImageOptions {
  chip: ChipName;
  entry: number;
  segments: readonly SegmentInput[];
  /** Default `dio`. */
  flashMode?: FlashMode;
  /** Default `4MB`. */
  flashSize?: FlashSizeName;
  /** Append the SHA-256 digest (what ESP-IDF does); default true. */
  hashAppended?: boolean;
}

const SEGMENT_ALIGN = 0x10000;

function inFlashWindow(chip: ChipName, addr: number): boolean {
  const c = CHIPS[chip];
  return (addr >= c.drom.start && addr < c.drom.end) || (addr >= c.irom.start && addr < c.irom.end);
}

function pad4(data: Uint8Array): Uint8Array {
  if (data.length % 4 === 0) return data;
  const out = new Uint8Array(data.length + (4 - (data.length % 4)));
  out.set(data);
  return out;
}

function segmentBytes(loadAddress: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(SEGMENT_HEADER_SIZE + data.length);
  putU32(out, 0, loadAddress);
  putU32(out, 4, data.length);
  out.set(data, SEGMENT_HEADER_SIZE);
  return out;
}

/**
 * Writes an image the way `esptool elf2image` lays it out: header, extended header, segments (a
 * flash-mapped one placed at file offset ≡ load address mod 64 KiB, behind a padding segment loaded
 * at 0 when needed), zero padding, checksum, SHA-256.
 */
export function buildRawImage(o: RawImageOptions): Uint8Array {
  const chip = CHIPS[o.chip];
  const placed: { loadAddress: number; data: Uint8Array }[] = [];
  let at = HEADER_SIZE + EXTENDED_HEADER_SIZE;
  for (const s of o.segments) {
    const data = pad4(s.data);
    if (inFlashWindow(o.chip, s.loadAddress)) {
      // Data must start at a file offset ≡ loadAddress (mod 64 KiB).
      let gap =
        (((s.loadAddress - (at + SEGMENT_HEADER_SIZE)) % SEGMENT_ALIGN) + SEGMENT_ALIGN) % SEGMENT_ALIGN;
      if (gap !== 0) {
        if (gap < SEGMENT_HEADER_SIZE) gap += SEGMENT_ALIGN;
        const padding = new Uint8Array(gap - SEGMENT_HEADER_SIZE);
        placed.push({ loadAddress: 0, data: padding });
        at += gap;
      }
    }
    placed.push({ loadAddress: s.loadAddress, data });
    at += SEGMENT_HEADER_SIZE + data.length;
  }
  if (placed.length > MAX_SEGMENTS) {
    throw new RangeError(
      `an image holds at most ${MAX_SEGMENTS} segments (with padding), got ${placed.length}`,
    );
  }
  const header = new Uint8Array(HEADER_SIZE + EXTENDED_HEADER_SIZE);
  header[0] = IMAGE_MAGIC;
  header[1] = placed.length;
  header[2] = FLASH_MODES.indexOf(o.flashMode ?? 'dio');
  header[3] = FLASH_SIZE_CODES[o.flashSize ?? '4MB'] | 0x0; // 40 MHz
  putU32(header, 4, o.entry);
  const e = HEADER_SIZE;
  header[e] = WP_PIN_DISABLED;
  putU16(header, e + 4, chip.imageChipId);
  putU16(header, e + 7, 0); // min_chip_rev_full
  putU16(header, e + 9, chip.maxRevFull);
  const hashAppended = o.hashAppended ?? true;
  header[e + 15] = hashAppended ? 1 : 0;
  const body = concat([header, ...placed.map((s) => segmentBytes(s.loadAddress, s.data))]);
  const checksumAt = checksumOffsetAfter(body.length);
  const image = new Uint8Array(checksumAt + 1 + (hashAppended ? 32 : 0));
  image.set(body);
  image[checksumAt] = checksumOf(placed);
  if (hashAppended) image.set(sha256(image.subarray(0, checksumAt + 1)), checksumAt + 1);
  return image;
}
