import { buildAppDescriptor } from './app-descriptor.ts';
import type { FlashMode } from './app-image.ts';
import { buildRawImage, type FlashSizeName, type SegmentInput } from './build-image.ts';
import { CHIPS, type ChipName } from './chips.ts';

export interface BuildAppImageOptions {
  chip: ChipName;
  /** `project_name` in the app descriptor (≤ 31 characters): the emulator runs the app registered for it. */
  projectName: string;
  /** `version` in the app descriptor (≤ 31 characters). */
  version: string;
  /** `idf_ver`; default `v5.3.1`. */
  idfVer?: string;
  /** Entry point; default the start of the IRAM segment. */
  entry?: number;
  /**
   * Extra segments after the DROM segment (e.g. a large IROM segment to make a big image). Addresses
   * in the DROM/IROM windows are placed at file offset ≡ address (mod 64 KiB).
   */
  segments?: readonly SegmentInput[];
  /** Bytes of read-only data after the app descriptor in the DROM segment; default a short string. */
  rodata?: Uint8Array;
  flashMode?: FlashMode;
  flashSize?: FlashSizeName;
  hashAppended?: boolean;
  /** Build date and time in the descriptor; default fixed values, so builds are reproducible. */
  date?: string;
  time?: string;
}

/**
 * An ESP-IDF-shaped app image for `chip`: a DROM segment that starts with the app descriptor
 * (file offset 0x20, as in every ESP-IDF app), the caller's segments, a DRAM and an IRAM segment,
 * checksum and SHA-256. `checkImage` and esptool's `image_info` accept it; it runs nothing on a real
 * chip (the code is not code), which is why the emulator runs a host program for it instead.
 */
export function buildAppImage(o: BuildAppImageOptions): Uint8Array {
  const c = CHIPS[o.chip];
  const rodata = o.rodata ?? new TextEncoder().encode(`${o.projectName} ${o.version} built by twinbench\0`);
  const desc = buildAppDescriptor({
    projectName: o.projectName,
    version: o.version,
    idfVer: o.idfVer ?? 'v5.3.1',
    date: o.date ?? 'Jan  1 2026',
    time: o.time ?? '00:00:00',
  });
  const drom = new Uint8Array(desc.length + rodata.length);
  drom.set(desc);
  drom.set(rodata, desc.length);
  const iramCode = new Uint8Array(64).fill(0x00);
  // A recognisable, deterministic body: a ret-like loop marker and the project name.
  iramCode.set(new TextEncoder().encode(o.projectName.slice(0, 32)), 16);
  const dram = new Uint8Array(32);
  return buildRawImage({
    chip: o.chip,
    entry: o.entry ?? c.iram,
    flashMode: o.flashMode,
    flashSize: o.flashSize,
    hashAppended: o.hashAppended,
    segments: [
      { loadAddress: c.drom.start + 0x20, data: drom },
      ...(o.segments ?? []),
      { loadAddress: c.dram, data: dram },
      { loadAddress: c.iram, data: iramCode },
    ],
  });
}
