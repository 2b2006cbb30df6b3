import { createHash } from 'node:crypto';
import { ESP32ROM } from 'esptool-js/lib/targets/esp32.js';
import { ESP32S3ROM } from 'esptool-js/lib/targets/esp32s3.js';
import { loadFirmwareImage } from 'esptool-js/lib/image/index.js';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { HIL_ERROR_CODES } from '../errors.ts';
import { APP_DESC_MAGIC } from './app-descriptor.ts';
import { buildAppImage } from './build-app-image.ts';
import { buildBootloaderImage, parseBootloaderDescriptor } from './bootloader-image.ts';
import { u32 } from './bytes.ts';
import { checkImage, checkImageForChip } from './check-image.ts';
import { CHIPS, CHIP_NAMES } from './chips.ts';
import { ImageCheckError, type ImageCheck } from './errors.ts';

const app = (chip: 'esp32' | 'esp32s3' | 'esp32c3' = 'esp32') =>
  buildAppImage({ chip, projectName: 'tb-console', version: '1.2.3', idfVer: 'v5.3.1' });

function refusal(fn: () => unknown): ImageCheckError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImageCheckError) return e;
    throw e;
  }
  throw new Error('expected the image to be refused');
}

describe('buildAppImage + checkImage', () => {
  it.each(CHIP_NAMES)('builds an %s app image that checks, with the descriptor at 0x20', (chip) => {
    const bytes = app(chip);
    expect(bytes[0]).toBe(0xe9);
    expect(u32(bytes, 0x20)).toBe(APP_DESC_MAGIC);
    const img = checkImage(bytes);
    expect(img.chipId).toBe(CHIPS[chip].imageChipId);
    expect(img.hashAppended).toBe(true);
    expect(img.length).toBe(bytes.length);
    expect((img.checksumOffset + 1) % 16).toBe(0);
    expect(img.appDescriptor).toMatchObject({
      projectName: 'tb-console',
      version: '1.2.3',
      idfVer: 'v5.3.1',
    });
    expect(img.segments[0]?.loadAddress).toBe(CHIPS[chip].drom.start + 0x20);
  });

  it('is reproducible (same inputs, same bytes)', () => {
    expect(Buffer.from(app()).equals(Buffer.from(app()))).toBe(true);
  });

  it('is read the same by esptool-js (segments, chip id, checksum)', async () => {
    // esptool-js warns about any segment outside the ESP8266's RAM window; not a finding here.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    onTestFinished(() => warn.mockRestore());
    for (const [chip, rom] of [
      ['esp32', new ESP32ROM()],
      ['esp32s3', new ESP32S3ROM()],
    ] as const) {
      const bytes = app(chip);
      const ours = checkImage(bytes);
      const theirs = (await loadFirmwareImage(rom, bytes)) as unknown as {
        chipId: number;
        segments: { addr: number; data: Uint8Array }[];
        calculateChecksum(): number;
        checksum: number;
      };
      expect(theirs.chipId).toBe(ours.chipId);
      expect(theirs.segments.map((s) => [s.addr, s.data.length])).toEqual(
        ours.segments.map((s) => [s.loadAddress, s.data.length]),
      );
      expect(theirs.calculateChecksum()).toBe(ours.storedChecksum);
    }
  });

  it('places a flash-mapped segment at file offset ≡ address (mod 64 KiB), behind a padding segment', () => {
    const irom = CHIPS.esp32.irom.start + 0x20;
    const big = new Uint8Array(200_000).map((_, i) => (i * 7) & 0xff);
    const img = checkImage(
      buildAppImage({
        chip: 'esp32',
        projectName: 'p',
        version: '1',
        segments: [{ loadAddress: irom, data: big }],
      }),
    );
    const seg = img.segments.find((s) => s.loadAddress === irom);
    expect(seg).toBeDefined();
    expect((seg?.fileOffset ?? 0) % 0x10000).toBe(irom % 0x10000);
    expect(img.segments.some((s) => s.loadAddress === 0)).toBe(true);
    expect(seg?.data.length).toBe(200_000);
  });

  it('ignores bytes after the image (flash padding) and digests only the image', () => {
    const bytes = app();
    const padded = new Uint8Array(bytes.length + 4096).fill(0xff);
    padded.set(bytes);
    expect(checkImage(padded).length).toBe(bytes.length);
    const sha = createHash('sha256')
      .update(bytes.subarray(0, bytes.length - 32))
      .digest();
    expect(Buffer.from(bytes.subarray(bytes.length - 32)).equals(sha)).toBe(true);
  });
});

describe('checkImage refusals: one check each, saying what it found', () => {
  const cases: [string, (b: Uint8Array) => Uint8Array, ImageCheck, RegExp][] = [
    ['an empty file', () => new Uint8Array(0), 'size', /shorter than the 24-byte header/],
    ['erased flash', (b) => new Uint8Array(b.length).fill(0xff), 'magic', /0xffffffff.*nothing flashed/],
    ['an ELF file', (b) => Object.assign(b, { 0: 0x7f }), 'magic', /0x7f, not the magic byte 0xe9/],
    ['zero segments', (b) => Object.assign(b, { 1: 0 }), 'segment-count', /says 0 segments/],
    ['17 segments', (b) => Object.assign(b, { 1: 17 }), 'segment-count', /says 17 segments/],
    [
      'a bad hash_appended byte',
      (b) => Object.assign(b, { 23: 7 }),
      'extended-header',
      /hash_appended byte is 0x7/,
    ],
    [
      'a truncated file',
      (b) => b.subarray(0, 200),
      'segment-bounds',
      /runs past the end of the 200-byte image/,
    ],
    ['a missing digest', (b) => b.subarray(0, b.length - 10), 'size', /truncated/],
    [
      'a flipped data byte',
      (b) => Object.assign(b, { 0x130: (b[0x130] ?? 0) ^ 1 }),
      'checksum',
      /checksum failed: calculated 0x[0-9a-f]{2}, image has/,
    ],
    ['a changed header byte', (b) => Object.assign(b, { 2: 3 }), 'sha256', /SHA-256 mismatch/],
  ];
  it.each(cases)('refuses %s', (_name, corrupt, check, message) => {
    const e = refusal(() => checkImage(corrupt(app())));
    expect(e.check).toBe(check);
    expect(e.code).toBe(HIL_ERROR_CODES.IMAGE_CORRUPT);
    expect(e.message).toMatch(message);
  });

  it('refuses a bootloader as an app (no descriptor) but accepts it as a bootloader', () => {
    const bl = buildBootloaderImage({ chip: 'esp32s3', idfVer: 'v5.2.2' });
    expect(refusal(() => checkImage(bl)).check).toBe('app-descriptor');
    const img = checkImage(bl, { kind: 'bootloader' });
    expect(img.entry).toBe(CHIPS.esp32s3.bootloaderSegments.entry);
    expect(parseBootloaderDescriptor(bl, img.segments[0]?.fileOffset ?? 0)?.idfVer).toBe('v5.2.2');
  });

  it('refuses an image for another chip by name', () => {
    const e = refusal(() => checkImageForChip(app('esp32s3'), 'esp32'));
    expect(e.check).toBe('chip');
    expect(e.code).toBe(HIL_ERROR_CODES.IMAGE_WRONG_CHIP);
    expect(e.message).toMatch(/image is for ESP32-S3 \(chip id 9\) but the board is an ESP32 \(chip id 0\)/);
    expect(checkImageForChip(app('esp32c3'), 'esp32c3').chipId).toBe(5);
  });
});
