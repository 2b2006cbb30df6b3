import { isAppDescriptorAt, parseAppDescriptor, type AppDescriptor } from './app-descriptor.ts';
import { u16, u32 } from './bytes.ts';

/**
 * The layout of an ESP32-family firmware image (what `esptool elf2image` writes and the ROM and the
 * second-stage bootloader read): 8-byte header, 16-byte extended header, segments, checksum byte at
 * file offset ≡ 15 (mod 16), then an optional SHA-256 of everything before it.
 */
export const IMAGE_MAGIC = 0xe9;
export const CHECKSUM_SEED = 0xef;
export const HEADER_SIZE = 8;
export const EXTENDED_HEADER_SIZE = 16;
export const SEGMENT_HEADER_SIZE = 8;
/** ESP-IDF's `ESP_IMAGE_MAX_SEGMENTS`. */
export const MAX_SEGMENTS = 16;
export const SHA256_SIZE = 32;
/** No write-protect pin (`WP_PIN_DISABLED`), what elf2image writes by default. */
export const WP_PIN_DISABLED = 0xee;

export const FLASH_MODES = ['qio', 'qout', 'dio', 'dout'] as const;
export type FlashMode = (typeof FLASH_MODES)[number];

export interface ImageSegment {
  loadAddress: number;
  /** File offset of the segment's data (after its 8-byte header). */
  fileOffset: number;
  data: Uint8Array;
}

export interface FirmwareImage {
  /** The bytes the image was parsed from (up to its end: checksum and digest included). */
  bytes: Uint8Array;
  flashMode: number;
  /** Header byte 3: flash size (high nibble) and speed (low nibble). */
  flashSizeFreq: number;
  entry: number;
  wpPin: number;
  chipId: number;
  minRevFull: number;
  maxRevFull: number;
  hashAppended: boolean;
  segments: ImageSegment[];
  /** File offset of the checksum byte. */
  checksumOffset: number;
  /** The checksum byte stored in the image. */
  storedChecksum: number;
  /** Length of the image: through the checksum byte, plus the digest when appended. */
  length: number;
  /** The app descriptor when the first segment starts with one (apps have it, bootloaders not). */
  appDescriptor: AppDescriptor | undefined;
}

/** Offset of the checksum byte for segments that end at `end`: pad until ≡ 15 (mod 16). */
export function checksumOffsetAfter(end: number): number {
  return end + ((15 - (end % 16) + 16) % 16);
}

export function checksumOf(segments: readonly { data: Uint8Array }[]): number {
  let c = CHECKSUM_SEED;
  for (const s of segments) for (const byte of s.data) c ^= byte;
  return c;
}

/** Header fields only; throws nothing (callers check). `undefined` when shorter than both headers. */
export function readHeaders(b: Uint8Array) {
  if (b.length < HEADER_SIZE + EXTENDED_HEADER_SIZE) return undefined;
  const e = HEADER_SIZE;
  return {
    magic: b[0] ?? 0,
    segmentCount: b[1] ?? 0,
    flashMode: b[2] ?? 0,
    flashSizeFreq: b[3] ?? 0,
    entry: u32(b, 4),
    wpPin: b[e] ?? 0,
    chipId: u16(b, e + 4),
    minRevFull: u16(b, e + 7),
    maxRevFull: u16(b, e + 9),
    hashAppendedByte: b[e + 15] ?? 0,
  };
}

/** The app descriptor of parsed segments, if the first one starts with it. */
export function appDescriptorOf(b: Uint8Array, segments: readonly ImageSegment[]): AppDescriptor | undefined {
  const first = segments[0];
  if (!first || !isAppDescriptorAt(b, first.fileOffset)) return undefined;
  return parseAppDescriptor(b, first.fileOffset);
}
