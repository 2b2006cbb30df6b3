import { createHash } from 'node:crypto';
import { ESPLoader, Transport } from 'esptool-js';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkSerialPort } from '../flash/web-serial-port.ts';
import { buildAppImage } from '../image/build-app-image.ts';
import { checkImageForChip } from '../image/check-image.ts';
import { ImageCheckError } from '../image/errors.ts';
import type { ChipName } from '../image/chips.ts';
import { buildFlashSet } from '../image/flash-set.ts';
import type { SerialLink } from '../link/serial-link.ts';
import { createEmulatedBoard, type EmulatedBoard } from './board.ts';
import { createEmulatorLink } from './emulator-link.ts';
import { recordConsole } from './test-support.ts';

// Unmodified esptool-js 0.7.0 against the emulator, through the HIL runner's Web-Serial adapter
// over the in-process link: connect, detect, stub, compressed writes, MD5 verify, reset, console.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setUp(chip: ChipName) {
  const board = createEmulatedBoard({ chip });
  const link = createEmulatorLink(board);
  await link.open({ baudRate: 115200 });
  cleanups.push(async () => {
    await link.close();
    await board.close();
  });
  const log: string[] = [];
  const terminal = { clean() {}, writeLine: (s: string) => log.push(s), write: (s: string) => log.push(s) };
  const transport = new Transport(
    new LinkSerialPort(link) as unknown as ConstructorParameters<typeof Transport>[0],
  );
  const loader = new ESPLoader({ transport, baudrate: 921600, terminal });
  return { board, link, loader, transport, log };
}

const md5hex = (d: Uint8Array | string) =>
  createHash('md5')
    .update(d as Uint8Array)
    .digest('hex');

async function flashAndBoot(
  chip: ChipName,
  board: EmulatedBoard,
  link: SerialLink,
  loader: ESPLoader,
  log: string[],
) {
  const description = await loader.main();
  const app = buildAppImage({ chip, projectName: 'tb-console', version: '1.2.3' });
  const files = buildFlashSet({ chip, app });
  await loader.writeFlash({
    fileArray: files.map((f) => ({ data: f.data, address: f.address })),
    flashMode: 'keep',
    flashFreq: 'keep',
    flashSize: 'keep',
    eraseAll: false,
    compress: true,
    calculateMD5Hash: (image: Uint8Array) => md5hex(image),
  });
  expect(log.filter((l) => l === 'Hash of data verified.')).toHaveLength(3);
  for (const f of files) expect(md5hex(board.flash.read(f.address, f.data.length))).toBe(md5hex(f.data));
  expect(board.state).toBe('stub');
  // Back to the ROM's rate before the reset, or the boot log arrives garbled (as on a real board).
  await link.setBaudRate(115200);
  const con = recordConsole(link);
  // esptool-js 0.7.0's after('hard_reset') only drops RTS, which is already low (esptool-js#177):
  // reset the way esptool.py's HardReset does.
  await loader.after('custom_reset', false, 'D0|R1|W100|R0');
  return { description, con };
}

describe('esptool-js 0.7.0 flashes the emulated board', () => {
  it('ESP32: detects the chip and MAC, uploads the stub, writes at 921600, verifies, boots the app', async () => {
    const { board, link, loader, log } = await setUp('esp32');
    const { description, con } = await flashAndBoot('esp32', board, link, loader, log);
    expect(description).toBe('ESP32-D0WD-V3 (revision 3)');
    expect(log).toContain(`MAC: ${board.mac}`);
    expect(log).toContain('Stub running...');
    expect(log.some((l) => /Flash ID: 1640ef/.test(l))).toBe(true);
    await con.waitFor(/rst:0x10 \(RTCWDT_RTC_RESET\),boot:0x13 \(SPI_FAST_FLASH_BOOT\)/);
    await con.waitFor(/I \(\d+\) boot: Loaded app from partition at offset 0x10000/);
    await con.waitFor(/app_init: Project name: {5}tb-console\r\n.*app_init: App version: {6}1\.2\.3/s);
    await con.waitFor(/tb> $/);
    const from = con.mark();
    await link.write(new TextEncoder().encode('version\r\n'));
    await con.waitFor(/tb-console 1\.2\.3 \(ESP-IDF v5\.3\.1\) on ESP32\r\ntb> /, 5000, from);
  });

  it('ESP32-S3 on USB-JTAG-serial: esptool-js picks UsbJtagSerialReset from the VID/PID and flashes', async () => {
    const { board, link, loader, log } = await setUp('esp32s3');
    const { description, con } = await flashAndBoot('esp32s3', board, link, loader, log);
    expect(description).toBe('ESP32-S3 (QFN56) (revision v0.2)');
    expect(log).toContain(`MAC: ${board.mac}`);
    await con.waitFor(
      /ESP-ROM:esp32s3-20210327\r\nBuild:Mar 27 2021\r\nrst:0x15 \(USB_UART_CHIP_RESET\),boot:0x8 \(SPI_FAST_FLASH_BOOT\)/,
    );
    await con.waitFor(/app_init: Project name: {5}tb-console/);
  });

  it('ESP32-C3 (RISC-V) on USB-JTAG-serial: detected by GET_SECURITY_INFO, flashed, booted', async () => {
    const { board, link, loader, log } = await setUp('esp32c3');
    const { description, con } = await flashAndBoot('esp32c3', board, link, loader, log);
    expect(description).toBe('ESP32-C3 (QFN32) (revision v0.4)');
    expect(log).toContain(`MAC: ${board.mac}`);
    await con.waitFor(
      /ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb {2}7 2021\r\nrst:0x15 \(USB_UART_CHIP_RESET\),boot:0xc/,
    );
    await con.waitFor(/cpu_start: Unicore app[\s\S]*app_init: Project name: {5}tb-console[\s\S]*tb> /);
  });

  it('a wrong-chip image is refused by our check; a corrupt one flashes (esptool-js does not look) and loops at boot', async () => {
    const { board, link, loader, log } = await setUp('esp32');
    await loader.main();
    // The chip esptool-js detected, in our vocabulary, decides which images may go on.
    const detected = ({ ESP32: 'esp32', 'ESP32-S3': 'esp32s3', 'ESP32-C3': 'esp32c3' } as const)[
      loader.chip.CHIP_NAME as 'ESP32'
    ];
    const s3App = buildAppImage({ chip: 'esp32s3', projectName: 'tb-console', version: '1.0.0' });
    expect(() => checkImageForChip(s3App, detected)).toThrow(ImageCheckError);
    expect(() => checkImageForChip(s3App, detected)).toThrow(
      /image is for ESP32-S3 \(chip id 9\) but the board is an ESP32/,
    );

    const files = buildFlashSet({
      chip: 'esp32',
      app: buildAppImage({ chip: 'esp32', projectName: 'tb-console', version: '1.0.1' }),
    });
    const app = files[2]!.data;
    app[0x140] = (app[0x140] ?? 0) ^ 0xff; // corrupted after the build: checksum and SHA-256 now wrong
    await loader.writeFlash({
      fileArray: files.map((f) => ({ data: f.data, address: f.address })),
      flashMode: 'keep',
      flashFreq: 'keep',
      flashSize: 'keep',
      eraseAll: false,
      compress: true,
      calculateMD5Hash: (image: Uint8Array) => md5hex(image),
    });
    expect(log.filter((l) => l === 'Hash of data verified.')).toHaveLength(3); // flashed faithfully
    await link.setBaudRate(115200);
    const con = recordConsole(link);
    await loader.after('custom_reset', false, 'D0|R1|W100|R0');
    await con.waitFor(
      /E \(\d+\) esp_image: Checksum failed\. Calculated 0x[0-9a-f]+ read 0x[0-9a-f]+\r\nE \(\d+\) boot: Factory app partition is not bootable/,
    );
    const again = con.mark();
    await con.waitFor(/rst:0x3 \(SW_RESET\)[\s\S]*Checksum failed/, 5000, again); // and again, after each reset
    expect(board.state).not.toBe('app');
  });
});
