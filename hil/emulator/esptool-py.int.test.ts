import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildAppImage } from '../image/build-app-image.ts';
import { buildFlashSet } from '../image/flash-set.ts';
import { createEmulatedBoard } from './board.ts';
import { serveRfc2217 } from './rfc2217-server.ts';

// Espressif's own esptool.py as a second, independent flasher. It is GPL-2.0 and not an npm package,
// so it is not vendored: point TB_ESPTOOL_PY at a single-file esptool.py (v3.3.3 needs only pyserial:
// `git show v3.3.3:esptool.py` in github.com/espressif/esptool). Skipped without it.
const esptoolPy = process.env.TB_ESPTOOL_PY;
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const run = promisify(execFile);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(!esptoolPy)('esptool.py flashes the emulated board over RFC 2217', () => {
  it('image_info accepts our images; write_flash verifies and the board boots the app', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-esptool-'));
    dirs.push(dir);
    const files = buildFlashSet({
      chip: 'esp32',
      app: buildAppImage({ chip: 'esp32', projectName: 'tb-console', version: '4.5.6' }),
    });
    const args: string[] = [];
    for (const f of files) {
      writeFileSync(join(dir, `${f.name}.bin`), f.data);
      args.push(`0x${f.address.toString(16)}`, join(dir, `${f.name}.bin`));
    }
    const info = await run(python, [esptoolPy ?? '', '--chip', 'esp32', 'image_info', join(dir, 'app.bin')]);
    expect(info.stdout).toMatch(/Checksum: [0-9a-f]{2} \(valid\)/);
    expect(info.stdout).toMatch(/Validation Hash: [0-9a-f]{64} \(valid\)/);

    const board = createEmulatedBoard({ chip: 'esp32' });
    const server = await serveRfc2217(board, { resetMode: 'esptool' });
    try {
      let console = '';
      board.onOutput((b) => (console += Buffer.from(b).toString('latin1')));
      const { stdout } = await run(
        python,
        [
          esptoolPy ?? '',
          '--chip',
          'esp32',
          '--port',
          `${server.url}?ign_set_control`,
          '--baud',
          '921600',
          'write_flash',
          ...args,
        ],
        { timeout: 90_000 },
      );
      expect(stdout.match(/Hash of data verified\./g)).toHaveLength(3);
      expect(stdout).toMatch(/Hard resetting via RTS pin/);
      // esptool's HardReset (RTS pulse) went through the server's esptool reset mode: the app boots
      // (at 115200, while the host side was left at 921600: a monitor reopens at 115200).
      await vi.waitFor(() => expect(board.state).toBe('app'), { timeout: 10_000 });
      board.setHostBaudRate(115200);
      console = '';
      board.write(new TextEncoder().encode('version\r\n'));
      await vi.waitFor(() => expect(console).toMatch(/tb-console 4\.5\.6 \(ESP-IDF v5\.3\.1\) on ESP32/), {
        timeout: 5000,
      });
    } finally {
      await server.close();
      await board.close();
    }
  });

  it('--no-stub: the ROM path (FLASH_BEGIN/DATA, MD5 as hex) on an ESP32-S3, and read_mac', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-esptool-'));
    dirs.push(dir);
    const app = join(dir, 'app.bin');
    writeFileSync(app, buildAppImage({ chip: 'esp32s3', projectName: 'tb-console', version: '1.0.0' }));
    const board = createEmulatedBoard({ chip: 'esp32s3', mac: 'f4:12:fa:be:ef:01' });
    const server = await serveRfc2217(board, { resetMode: 'esptool' });
    try {
      const port = `${server.url}?ign_set_control`;
      const write = await run(
        python,
        [esptoolPy ?? '', '--chip', 'esp32s3', '--port', port, '--no-stub', 'write_flash', '0x10000', app],
        {
          timeout: 90_000,
        },
      );
      expect(write.stdout).toMatch(/Hash of data verified\./);
      const mac = await run(python, [esptoolPy ?? '', '--chip', 'esp32s3', '--port', port, 'read_mac'], {
        timeout: 60_000,
      });
      expect(mac.stdout).toMatch(/Chip is ESP32-S3 \(revision v0\.2\)/);
      expect(mac.stdout).toMatch(/MAC: f4:12:fa:be:ef:01/);
    } finally {
      await server.close();
      await board.close();
    }
  });
});
