import { cString, hex, putCString, putU32, u32 } from './bytes.ts';

/**
 * ESP-IDF's `esp_app_desc_t`: the first 256 bytes of an app's first DROM segment (file offset 0x20 in
 * a normal app image). Layout from ESP-IDF `components/esp_app_format/include/esp_app_desc.h`.
 */
export const APP_DESC_MAGIC = 0xabcd5432;
export const APP_DESC_SIZE = 256;

const F = {
  magic: 0,
  secureVersion: 4,
  version: 16,
  projectName: 48,
  time: 80,
  date: 96,
  idfVer: 112,
  elfSha256: 144,
} as const;

export interface AppDescriptor {
  secureVersion: number;
  /** `version` (≤ 31 characters), e.g. `1.4.2` or a `git describe`. */
  version: string;
  /** `project_name` (≤ 31 characters): the emulator picks the app to run by it. */
  projectName: string;
  time: string;
  date: string;
  idfVer: string;
  /** Hex of `app_elf_sha256`. */
  elfSha256: string;
}

export function isAppDescriptorAt(b: Uint8Array, at: number): boolean {
  return b.length >= at + APP_DESC_SIZE && u32(b, at + F.magic) === APP_DESC_MAGIC;
}

export function parseAppDescriptor(b: Uint8Array, at: number): AppDescriptor {
  return {
    secureVersion: u32(b, at + F.secureVersion),
    version: cString(b, at + F.version, 32),
    projectName: cString(b, at + F.projectName, 32),
    time: cString(b, at + F.time, 16),
    date: cString(b, at + F.date, 16),
    idfVer: cString(b, at + F.idfVer, 32),
    elfSha256: hex(b.subarray(at + F.elfSha256, at + F.elfSha256 + 32)),
  };
}

export interface AppDescriptorInput {
  projectName: string;
  version: string;
  idfVer?: string;
  secureVersion?: number;
  time?: string;
  date?: string;
  /** 32 bytes; zeros by default. */
  elfSha256?: Uint8Array;
}

export function buildAppDescriptor(d: AppDescriptorInput): Uint8Array {
  const b = new Uint8Array(APP_DESC_SIZE);
  putU32(b, F.magic, APP_DESC_MAGIC);
  putU32(b, F.secureVersion, d.secureVersion ?? 0);
  putCString(b, F.version, 32, d.version);
  putCString(b, F.projectName, 32, d.projectName);
  putCString(b, F.time, 16, d.time ?? '00:00:00');
  putCString(b, F.date, 16, d.date ?? 'Jan  1 2026');
  putCString(b, F.idfVer, 32, d.idfVer ?? 'v5.3.1');
  if (d.elfSha256) b.set(d.elfSha256.subarray(0, 32), F.elfSha256);
  return b;
}
