// esp32/app_desc.py (run by PlatformIO after the link) on an ESP-IDF-shaped image: it must leave a
// valid image (checksum, SHA-256) whose descriptor names our project and version.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAppImage, checkImageForChip, CHIP_NAMES } from '../../hil/index.ts';
import { FIRMWARE_DIR } from '../paths.ts';

const python = spawnSync('python3', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'tb-app-desc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function patch(
  image: Uint8Array,
  project: string,
  version: string,
): { status: number | null; out: string; bytes: Uint8Array } {
  const file = join(dir, `app-${Math.random().toString(36).slice(2)}.bin`);
  writeFileSync(file, image);
  const r = spawnSync('python3', [join(FIRMWARE_DIR, 'esp32', 'app_desc.py'), file, project, version], {
    encoding: 'utf8',
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}`, bytes: readFileSync(file) };
}

describe.skipIf(!python)('esp32/app_desc.py (needs python3)', () => {
  for (const chip of CHIP_NAMES) {
    it(`sets project name and version in an Arduino-built ${chip} image and keeps it valid`, () => {
      const arduino = buildAppImage({
        chip,
        projectName: 'arduino-lib-builder',
        version: 'esp-idf: v4.4.7 38eeb',
      });
      const r = patch(arduino, 'twinbench-node', '0.1.0');
      expect(r.status, r.out).toBe(0);
      const image = checkImageForChip(r.bytes, chip);
      expect(image.appDescriptor?.projectName).toBe('twinbench-node');
      expect(image.appDescriptor?.version).toBe('0.1.0');
      expect(r.bytes.length).toBe(arduino.length);
    });
  }

  it('refuses what is not an app image, and names that do not fit', () => {
    const notImage = patch(new TextEncoder().encode('ELF...'.padEnd(64, '\0')), 'twinbench-node', '0.1.0');
    expect(notImage.status).not.toBe(0);
    expect(notImage.out).toContain('not an ESP32 app image');
    const long = patch(
      buildAppImage({ chip: 'esp32', projectName: 'x', version: '1' }),
      'twinbench-node',
      'v'.repeat(32),
    );
    expect(long.status).not.toBe(0);
    expect(long.out).toContain('is longer than 31 bytes');
  });
});
