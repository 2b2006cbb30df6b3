import {
  appDescriptorOf,
  checksumOf,
  checksumOffsetAfter,
  EXTENDED_HEADER_SIZE,
  HEADER_SIZE,
  IMAGE_MAGIC,
  MAX_SEGMENTS,
  readHeaders,
  SEGMENT_HEADER_SIZE,
  SHA256_SIZE,
  type FirmwareImage,
  type ImageSegment,
} from './app-image.ts';
import { hex, hex8, sha256, u32 } from './bytes.ts';
import { CHIPS, imageChipLabel, type ChipName } from './chips.ts';
import { ImageCheckError } from './errors.ts';

export interface CheckImageOptions {
  /**
   * `app` (default) also requires the app descriptor (`esp_app_desc_t`) at the start of the first
   * segment; `bootloader` does not (second-stage bootloaders have none).
   */
  kind?: 'app' | 'bootloader';
}

/**
 * Parses an ESP32-family image and runs every check the ROM, the second-stage bootloader and
 * `esptool image_info` run: magic, segment count and bounds, extended header, checksum, appended
 * SHA-256, app descriptor. Throws `ImageCheckError` naming the first check that failed and what it
 * found. Bytes after the image (flash padding) are ignored.
 */
export function checkImage(bytes: Uint8Array, options: CheckImageOptions = {}): FirmwareImage {
  const h = readHeaders(bytes);
  if (!h) {
    throw new ImageCheckError(
      'size',
      `image is ${bytes.length} bytes, shorter than the ${HEADER_SIZE + EXTENDED_HEADER_SIZE}-byte header: pass the .bin built for the app, not an empty or truncated file`,
    );
  }
  if (h.magic !== IMAGE_MAGIC) {
    const blank = h.magic === 0xff && u32(bytes, 0) === 0xffffffff;
    throw new ImageCheckError(
      'magic',
      blank
        ? `image starts with 0xffffffff, not the magic byte 0xe9: this is erased flash (nothing flashed)`
        : `image starts with 0x${h.magic.toString(16).padStart(2, '0')}, not the magic byte 0xe9: not an ESP32 app image (pass the .bin from idf.py build / PlatformIO, not the .elf or a merged binary at the wrong offset)`,
    );
  }
  if (h.segmentCount === 0 || h.segmentCount > MAX_SEGMENTS) {
    throw new ImageCheckError(
      'segment-count',
      `image header says ${h.segmentCount} segments; an image has 1 to ${MAX_SEGMENTS}: the header is corrupt`,
    );
  }
  if (h.hashAppendedByte > 1) {
    throw new ImageCheckError(
      'extended-header',
      `extended header's hash_appended byte is 0x${h.hashAppendedByte.toString(16)}, not 0 or 1: the header is corrupt`,
    );
  }
  const segments: ImageSegment[] = [];
  let at = HEADER_SIZE + EXTENDED_HEADER_SIZE;
  for (let i = 0; i < h.segmentCount; i++) {
    if (at + SEGMENT_HEADER_SIZE > bytes.length) {
      throw new ImageCheckError(
        'segment-bounds',
        `segment ${i} header at file offset 0x${at.toString(16)} is past the end of the ${bytes.length}-byte image: the image is truncated`,
      );
    }
    const loadAddress = u32(bytes, at);
    const length = u32(bytes, at + 4);
    const dataAt = at + SEGMENT_HEADER_SIZE;
    if (dataAt + length > bytes.length) {
      throw new ImageCheckError(
        'segment-bounds',
        `segment ${i} (load ${hex8(loadAddress)}, ${length} bytes at file offset 0x${dataAt.toString(16)}) runs past the end of the ${bytes.length}-byte image: the image is truncated or the segment length is corrupt`,
      );
    }
    segments.push({ loadAddress, fileOffset: dataAt, data: bytes.subarray(dataAt, dataAt + length) });
    at = dataAt + length;
  }
  const checksumOffset = checksumOffsetAfter(at);
  const end = checksumOffset + 1 + (h.hashAppendedByte === 1 ? SHA256_SIZE : 0);
  if (end > bytes.length) {
    throw new ImageCheckError(
      'size',
      `image is ${bytes.length} bytes but its segments, checksum${h.hashAppendedByte ? ' and SHA-256' : ''} need ${end}: the image is truncated`,
    );
  }
  const storedChecksum = bytes[checksumOffset] ?? 0;
  const calculated = checksumOf(segments);
  if (calculated !== storedChecksum) {
    throw new ImageCheckError(
      'checksum',
      `checksum failed: calculated 0x${calculated.toString(16).padStart(2, '0')}, image has 0x${storedChecksum.toString(16).padStart(2, '0')}: the segment data is corrupt; rebuild the image`,
    );
  }
  if (h.hashAppendedByte === 1) {
    const digest = sha256(bytes.subarray(0, checksumOffset + 1));
    const stored = bytes.subarray(checksumOffset + 1, end);
    if (hex(digest) !== hex(stored)) {
      throw new ImageCheckError(
        'sha256',
        `SHA-256 mismatch: calculated ${hex(digest)}, image has ${hex(stored)}: the image was changed after it was built; rebuild it`,
      );
    }
  }
  const appDescriptor = appDescriptorOf(bytes, segments);
  if ((options.kind ?? 'app') === 'app' && !appDescriptor) {
    throw new ImageCheckError(
      'app-descriptor',
      `no app descriptor (esp_app_desc_t, magic 0xabcd5432) at the start of the first segment (file offset 0x${(segments[0]?.fileOffset ?? 0).toString(16)}, found ${hex8(u32(bytes, segments[0]?.fileOffset ?? 0))}): this is not an ESP-IDF app image (a bootloader or raw binary?)`,
    );
  }
  return {
    bytes: bytes.subarray(0, end),
    flashMode: h.flashMode,
    flashSizeFreq: h.flashSizeFreq,
    entry: h.entry,
    wpPin: h.wpPin,
    chipId: h.chipId,
    minRevFull: h.minRevFull,
    maxRevFull: h.maxRevFull,
    hashAppended: h.hashAppendedByte === 1,
    segments,
    checksumOffset,
    storedChecksum,
    length: end,
    appDescriptor,
  };
}

/**
 * `checkImage`, then refuses an image built for another chip than `chip`, naming both. Accepts the
 * bytes or an already checked image.
 */
export function checkImageForChip(
  image: Uint8Array | FirmwareImage,
  chip: ChipName,
  options: CheckImageOptions = {},
): FirmwareImage {
  const parsed = image instanceof Uint8Array ? checkImage(image, options) : image;
  const want = CHIPS[chip];
  if (parsed.chipId !== want.imageChipId) {
    const found = imageChipLabel(parsed.chipId);
    throw new ImageCheckError(
      'chip',
      `image is for ${found} (chip id ${parsed.chipId}) but the board is an ${want.label} (chip id ${want.imageChipId}): build for ${want.name} (idf.py set-target ${want.name}) or flash it to an ${found} board`,
    );
  }
  return parsed;
}
