/**
 * Packs the host build's identity into a real ESP32 flash set with hil's image builders: an app image
 * whose descriptor says project `twinbench-node` and the firmware version (header, segments, checksum,
 * SHA-256; the host program's own SHA-256 in its read-only data), plus the bootloader and partition
 * table, one set per chip. Flashing it onto the emulated board makes the board run the host node.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAppImage, buildFlashSet, CHIP_NAMES, type ChipName } from '../hil/index.ts';
import { requireHostNode } from './host-build.ts';
import { FIRMWARE_PROJECT_NAME, firmwareVersion, HOST_BUILD_DIR } from './paths.ts';

export interface PackOptions {
  /** Chips to pack for. Default all the emulator knows (esp32, esp32s3, esp32c3). */
  chips?: readonly ChipName[];
  /** Output directory. Default firmware/build/host. */
  outDir?: string;
  /** The host program whose identity goes in. Default firmware/build/host/twinbench-node. */
  binary?: string;
}

export interface PackedFile {
  name: 'bootloader' | 'partition-table' | 'app';
  address: number;
  path: string;
  bytes: number;
}

export interface PackedFirmware {
  chip: ChipName;
  projectName: string;
  version: string;
  /** SHA-256 of the host program (in the app image's read-only data). */
  hostSha256: string;
  /** SHA-256 of the app image file. */
  appSha256: string;
  files: PackedFile[];
}

/** File name of a packed file: twinbench-node-esp32.bin (the app), twinbench-node-esp32.bootloader.bin … */
export function packedFileName(chip: ChipName, name: PackedFile['name']): string {
  return `${FIRMWARE_PROJECT_NAME}-${chip}${name === 'app' ? '' : `.${name}`}.bin`;
}

export function packFirmware(options: PackOptions = {}): PackedFirmware[] {
  const binary = options.binary ?? requireHostNode();
  const outDir = options.outDir ?? HOST_BUILD_DIR;
  const version = firmwareVersion();
  const hostSha256 = createHash('sha256').update(readFileSync(binary)).digest('hex');
  mkdirSync(outDir, { recursive: true });
  return (options.chips ?? CHIP_NAMES).map((chip) => {
    const app = buildAppImage({
      chip,
      projectName: FIRMWARE_PROJECT_NAME,
      version,
      rodata: new TextEncoder().encode(
        `${FIRMWARE_PROJECT_NAME} ${version} host build sha256=${hostSha256}\0`,
      ),
    });
    const files = buildFlashSet({ chip, app }).map((f) => {
      const name = f.name as PackedFile['name'];
      const path = join(outDir, packedFileName(chip, name));
      writeFileSync(path, f.data);
      return { name, address: f.address, path, bytes: f.data.length };
    });
    const manifest = {
      chip,
      projectName: FIRMWARE_PROJECT_NAME,
      version,
      hostSha256,
      appSha256: createHash('sha256').update(app).digest('hex'),
      files: files.map((f) => ({ ...f, path: packedFileName(chip, f.name) })),
    };
    writeFileSync(
      join(outDir, `${FIRMWARE_PROJECT_NAME}-${chip}.flash.json`),
      `${JSON.stringify(manifest, null, 2)}\n`,
    );
    return { ...manifest, files };
  });
}
