import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulatedBoard, type EmulatedBoard } from '../emulator/board.ts';
import { createEmulatorLink } from '../emulator/emulator-link.ts';
import { serveRfc2217 } from '../emulator/rfc2217-server.ts';
import { HIL_ERROR_CODES } from '../errors.ts';
import { FlashCache } from '../flash/flash-cache.ts';
import { buildAppImage } from '../image/build-app-image.ts';
import type { ChipName } from '../image/chips.ts';
import { buildFlashSet } from '../image/flash-set.ts';
import { BoardBuilder } from './board.ts';
import { parseRig } from './rig-file.ts';

// The HIL runner end to end against the emulated ESP32: unmodified esptool-js through our links
// (in process and over RFC 2217), image checks, MD5 verify, reset into the app, expect on the boot
// log and the app console, Unity output, the flash cache, and what a silent board looks like.

const cleanups: (() => Promise<void>)[] = [];
let dir: string;
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tempDir(): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'tb-hil-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function emulated(chip: ChipName): EmulatedBoard {
  const board = createEmulatedBoard({ chip });
  cleanups.push(() => board.close());
  return board;
}

/** A started board from a one-board rig; `port` is what the rig says. */
async function start(
  port: string,
  options: { board?: EmulatedBoard; cache?: FlashCache; chip?: ChipName } = {},
) {
  const d = await tempDir();
  const rig = parseRig(
    `boards:\n  dut:\n    port: ${port}\n${options.chip ? `    chip: ${options.chip}\n` : ''}    flashBaud: 921600\n`,
    'rig.yaml',
  );
  const builder = new BoardBuilder(rig.boards[0]!, { locksDir: join(d, 'locks'), listPorts: async () => [] })
    .withLogDir(join(d, 'logs'))
    .withFlashCache(options.cache);
  if (options.board) {
    const b = options.board;
    builder.withLinkOptions({ emulator: async () => createEmulatorLink(b) });
  }
  const started = await builder.start();
  cleanups.push(() => started.stop());
  return started;
}

const app = (chip: ChipName, version = '1.2.3') =>
  buildAppImage({ chip, projectName: 'tb-console', version });

describe('HIL runner against the emulated ESP32', () => {
  it('flashes over RFC 2217 with esptool-js, verifies MD5, resets and passes expects on the boot log and the app console', async () => {
    const board = emulated('esp32');
    const server = await serveRfc2217(board);
    cleanups.push(() => server.close());
    const dut = await start(server.url);
    const progress: number[] = [];
    const report = await dut.flash(buildFlashSet({ chip: 'esp32', app: app('esp32') }), {
      onProgress: (p) => progress.push(p.bytesPerSecond),
    });
    expect(report).toMatchObject({ chipName: 'ESP32', imageChipId: 0, mac: board.mac });
    expect(report.files.map((f) => [f.name, f.skipped])).toEqual([
      ['bootloader', false],
      ['partition-table', false],
      ['app', false],
    ]);
    expect(progress.some((r) => r > 0)).toBe(true);
    await dut.console.expect(/rst:0x10 \(RTCWDT_RTC_RESET\),boot:0x13 \(SPI_FAST_FLASH_BOOT\)/);
    await dut.console.expect(/boot: Loaded app from partition at offset 0x10000/);
    const m = await dut.console.expect(/Project name: +(\S+)\n.*App version: +(\S+)/s);
    expect(m.groups).toEqual(['tb-console', '1.2.3']);
    await dut.console.expect('tb> ');
    await dut.console.send('version');
    await dut.console.expect('tb-console 1.2.3 (ESP-IDF v5.3.1) on ESP32');
    await dut.stop();
    const log = await readFile(join(dir, 'logs', 'dut.log'), 'utf8');
    expect(log).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z ets Jun {2}8 2016 00:22:57$/m);
    expect(log).toMatch(/Z \[sent\] version$/m);
  });

  it("flashes through a server that resets like esptool's esp_rfc2217_server, with ?ign_set_control", async () => {
    const board = emulated('esp32');
    const server = await serveRfc2217(board, { resetMode: 'esptool' });
    cleanups.push(() => server.close());
    const dut = await start(`${server.url}?ign_set_control`);
    const report = await dut.flash(buildFlashSet({ chip: 'esp32', app: app('esp32', '4.5.6') }));
    expect(report.chipName).toBe('ESP32');
    await dut.console.expect(/App version: +4\.5\.6/);
  });

  it('flashes in process (ESP32-S3, USB-JTAG-serial reset), runs Unity and survives a panic check', async () => {
    const dut = await start('emulator:esp32s3');
    await dut.flash(buildFlashSet({ chip: 'esp32s3', app: app('esp32s3') }));
    await dut.console.expect('tb> ');
    await dut.console.send('selftest');
    const unity = await dut.console.expectUnity({ timeoutMs: 5000 });
    expect(unity).toMatchObject({ tests: 5, failures: 1, ignored: 1, ok: false });
    expect(unity.cases.find((c) => c.status === 'FAIL')).toMatchObject({
      name: 'test_adc_range',
      message: 'Expected 3300 Was 3297',
    });
    await dut.console.send('panic');
    await expect(dut.console.expect('never printed', { timeoutMs: 5000 })).rejects.toMatchObject({
      code: HIL_ERROR_CODES.PANIC,
      message: expect.stringMatching(/panicked \(LoadProhibited\)[\s\S]*Backtrace:/),
    });
  });

  it('refuses a wrong-chip image after detecting the chip, naming both', async () => {
    const board = emulated('esp32s3');
    const dut = await start('emulator:esp32s3', { board });
    await expect(dut.flash([{ name: 'app', address: 0x10000, data: app('esp32c3') }])).rejects.toMatchObject({
      code: HIL_ERROR_CODES.IMAGE_WRONG_CHIP,
      message: expect.stringMatching(
        /image is for ESP32-C3 \(chip id 5\) but the board is an ESP32-S3 \(chip id 9\)/,
      ),
    });
    expect(board.flash.read(0x10000, 4)).toEqual(Uint8Array.of(0xff, 0xff, 0xff, 0xff));
  });

  it('refuses a corrupt image before touching the board', async () => {
    const board = emulated('esp32');
    const dut = await start('emulator:esp32', { board });
    const bad = app('esp32');
    bad[bad.length - 40] = bad[bad.length - 40]! ^ 0x01; // a byte of the last segment: checksum and SHA-256 no longer agree
    const states: string[] = [];
    board.onStateChange((s) => states.push(s));
    await expect(dut.flash([{ name: 'app', address: 0x10000, data: bad }])).rejects.toMatchObject({
      code: HIL_ERROR_CODES.IMAGE_CORRUPT,
      message: expect.stringMatching(/^app at 0x10000: .*(checksum|SHA-256)/),
    });
    expect(states).toEqual([]);
  });

  it('a board that never answers fails expect with its last console lines', async () => {
    const board = emulated('esp32');
    const dut = await start('emulator:esp32', { board });
    await dut.reset(); // blank flash: the bootloader loops on an invalid header
    await expect(dut.console.expect('app_main', { timeoutMs: 1500 })).rejects.toMatchObject({
      code: HIL_ERROR_CODES.EXPECT_TIMEOUT,
      message: expect.stringMatching(
        /waited 1500 ms for "app_main"[\s\S]*Last console lines:[\s\S]*\| .*invalid header/,
      ),
    });
  });

  it('does not flash an unchanged image again: the cache hit is confirmed by the flash MD5', async () => {
    const board = emulated('esp32c3');
    const cache = new FlashCache(join(await tempDir(), 'cache.json'));
    const files = buildFlashSet({ chip: 'esp32c3', app: app('esp32c3') });
    const first = await start('emulator:esp32c3', { board, cache });
    expect((await first.flash(files)).files.every((f) => !f.skipped)).toBe(true);
    await first.stop();
    const second = await start('emulator:esp32c3', { board, cache });
    const again = await second.flash(files);
    expect(again.files.every((f) => f.skipped)).toBe(true);
    await second.console.expect('tb> ');
    await second.stop();
    // Someone else writes the app partition: the MD5 no longer agrees, so it is written again.
    // (NOR flash: writing can only clear bits; zero the app descriptor's magic)
    board.flash.write(0x10000 + 0x20, new Uint8Array(4));
    const third = await start('emulator:esp32c3', { board, cache });
    const report = await third.flash(files);
    expect(report.files.map((f) => f.skipped)).toEqual([true, true, false]);
  });
});
