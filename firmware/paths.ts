/** Where the firmware's files are, and its identity (project name, version from firmware/VERSION). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIRMWARE_DIR = fileURLToPath(new URL('.', import.meta.url));
/** The app descriptor's project_name; the emulator runs the host node for images that carry it. */
export const FIRMWARE_PROJECT_NAME = 'twinbench-node';
/** CMake build directory of the host target (the same one firmware/scripts/test-host.sh uses). */
export const HOST_BUILD_DIR = join(FIRMWARE_DIR, 'build', 'host');

/** The host program in a build directory. */
export function hostNodeBinary(buildDir: string = HOST_BUILD_DIR): string {
  return join(buildDir, 'twinbench-node');
}

/** The firmware version (firmware/VERSION), which the C++ build compiles in as TB_FW_VERSION. */
export function firmwareVersion(): string {
  return readFileSync(join(FIRMWARE_DIR, 'VERSION'), 'utf8').trim();
}
