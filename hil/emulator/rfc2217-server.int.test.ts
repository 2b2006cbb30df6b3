import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAppImage } from '../image/build-app-image.ts';
import { buildFlashSet } from '../image/flash-set.ts';
import { createEmulatedBoard } from './board.ts';
import { serveRfc2217 } from './rfc2217-server.ts';

const run = promisify(execFile);
// Debian's python3 carries python3-serial; a pyenv shim earlier on the PATH may not.
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const client = fileURLToPath(new URL('./fixtures/pyserial-client.py', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('RFC 2217 server, checked with pyserial as an independent client', () => {
  it('negotiates, resets by DTR/RTS (as lines, or as esp_rfc2217_server does), carries the boot log, console and ROM loader with 0xFF escaped', async () => {
    const board = createEmulatedBoard({ chip: 'esp32' });
    for (const f of buildFlashSet({
      chip: 'esp32',
      app: buildAppImage({ chip: 'esp32', projectName: 'tb-console', version: '2.0.0' }),
    })) {
      board.flash.write(f.address, f.data);
    }
    const server = await serveRfc2217(board, { host: '127.0.0.1', port: 0 });
    const esptoolServer = await serveRfc2217(board, { resetMode: 'esptool' });
    cleanups.push(async () => {
      await server.close();
      await esptoolServer.close();
      await board.close();
    });
    expect(server.url).toBe(`rfc2217://127.0.0.1:${server.port}`);
    const boot = JSON.parse(
      (await run(python, [client, String(server.port), 'boot'], { timeout: 30_000 })).stdout,
    ) as Record<string, string>;
    expect(boot.boot).toMatch(
      /ets Jun {2}8 2016 00:22:57\r\n\r\nrst:0x10 \(RTCWDT_RTC_RESET\),boot:0x13 \(SPI_FAST_FLASH_BOOT\)/,
    );
    expect(boot.boot).toMatch(/app_init: App version: {6}2\.0\.0/);
    expect(boot.echo).toMatch(/^hello\r\ntb> $/); // 0xFF 0xFE reached the console and were dropped as non-printable
    const r = JSON.parse(
      (await run(python, [client, String(esptoolServer.port), 'download'], { timeout: 30_000 })).stdout,
    ) as Record<string, unknown>;
    expect(r.download).toMatch(
      /boot:0x3 \(DOWNLOAD_BOOT\(UART0\/UART1\/SDIO_REI_REO_V2\)\)\r\nwaiting for download/,
    );
    expect(r.sync_value).toBe(0x55552007);
    expect(r.write_status).toEqual([0, 0, 0, 0]);
    expect(r.read_value).toBe(0xffffffff);
    expect(r.magic).toBe(0x00f01d83);
  });

  it('esptool reset mode runs UsbJtagSerialReset for an ESP32-S3 on its USB-JTAG-serial port', async () => {
    const board = createEmulatedBoard({ chip: 'esp32s3' });
    const server = await serveRfc2217(board, { resetMode: 'esptool' });
    cleanups.push(async () => {
      await server.close();
      await board.close();
    });
    const r = JSON.parse(
      (await run(python, [client, String(server.port), 'download'], { timeout: 30_000 })).stdout,
    ) as Record<string, unknown>;
    expect(r.download).toMatch(
      /rst:0x15 \(USB_UART_CHIP_RESET\),boot:0x0 \(DOWNLOAD\(USB\/UART0\)\)\r\nwaiting for download/,
    );
    expect(r.magic).toBe(0x9);
  });

  it('tells a second client the port is busy and closes every connection on close()', async () => {
    const board = createEmulatedBoard({ chip: 'esp32c3' });
    const server = await serveRfc2217(board);
    cleanups.push(() => board.close());
    const { connect } = await import('node:net');
    const first = connect(server.port, '127.0.0.1');
    first.resume(); // keep reading, or 'close' never comes
    await new Promise((r) => first.once('connect', r));
    const second = connect(server.port, '127.0.0.1');
    const said = await new Promise<string>((resolve) => {
      let text = '';
      second.on('data', (d) => (text += d.toString()));
      second.on('close', () => resolve(text));
    });
    expect(said).toMatch(/ESP32-C3 emulator on port \d+ is in use by another client/);
    const firstClosed = new Promise((r) => first.once('close', r));
    await server.close();
    await firstClosed;
  });
});
