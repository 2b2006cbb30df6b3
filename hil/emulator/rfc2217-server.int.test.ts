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

  it('acknowledges each COM-PORT-OPTION with code + 100 and the value in force (8N1 only)', async () => {
    const board = createEmulatedBoard({ chip: 'esp32' });
    const server = await serveRfc2217(board);
    cleanups.push(async () => {
      await server.close();
      await board.close();
    });
    const { connect } = await import('node:net');
    const sock = connect(server.port, '127.0.0.1');
    let got = Buffer.alloc(0);
    const waiters: (() => void)[] = [];
    sock.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      waiters.splice(0).forEach((w) => w());
    });
    cleanups.push(async () => void sock.destroy());
    await new Promise((r) => sock.once('connect', r));
    const IAC = 0xff;
    const sb = (...p: number[]) => Buffer.from([IAC, 0xfa, 44, ...p, IAC, 0xf0]);
    const expectBytes = async (want: Buffer) => {
      const deadline = Date.now() + 3000;
      while (!got.includes(want)) {
        if (Date.now() > deadline) throw new Error(`no ${want.toString('hex')} in ${got.toString('hex')}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
    };
    sock.write(Buffer.from([IAC, 0xfb, 44, IAC, 0xfd, 0, IAC, 0xfb, 99])); // WILL COM-PORT, DO BINARY, WILL 99
    await expectBytes(Buffer.from([IAC, 0xfd, 44])); // DO COM-PORT
    await expectBytes(Buffer.from([IAC, 0xfb, 0])); // WILL BINARY
    await expectBytes(Buffer.from([IAC, 0xfe, 99])); // DONT unknown option
    sock.write(sb(1, 0x00, 0x0e, 0x10, 0x00)); // SET_BAUDRATE 921600
    await expectBytes(sb(101, 0x00, 0x0e, 0x10, 0x00));
    expect(board.hostBaudRate).toBe(921600);
    sock.write(sb(1, 0, 0, 0, 0)); // query
    await expectBytes(sb(101, 0x00, 0x0e, 0x10, 0x00));
    sock.write(sb(2, 7)); // 7 data bits: not supported, 8 is in force
    await expectBytes(sb(102, 8));
    sock.write(sb(3, 2)); // ODD parity → NONE in force
    await expectBytes(sb(103, 1));
    sock.write(sb(4, 2)); // 2 stop bits → 1 in force
    await expectBytes(sb(104, 1));
    sock.write(sb(5, 11)); // RTS on: the ESP32 is held in reset
    await expectBytes(sb(105, 11));
    expect(board.state).toBe('reset');
    sock.write(sb(12, 3));
    await expectBytes(sb(112, 3));
    sock.write(sb(1, 0x00, 0x01, 0xc2, 0x00)); // back to 115200
    await expectBytes(sb(101, 0x00, 0x01, 0xc2, 0x00));
    sock.write(sb(5, 12)); // RTS off: EN released, the blank board boots and complains
    await expectBytes(
      Buffer.from(
        'rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\ninvalid header: 0xffffffff',
      ),
    );
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
