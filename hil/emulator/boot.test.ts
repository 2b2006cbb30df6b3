import { describe, expect, it } from 'vitest';
import { buildAppImage } from '../image/build-app-image.ts';
import type { ChipName } from '../image/chips.ts';
import { buildFlashSet } from '../image/flash-set.ts';
import { createEmulatedBoard } from './board.ts';
import { FakeClock } from './test-support.ts';

function boardWith(chip: ChipName, files: { address: number; data: Uint8Array }[] = []) {
  const clock = new FakeClock();
  const board = createEmulatedBoard({ chip, clock, initialFlash: files });
  let out = '';
  board.onOutput((b) => (out += Buffer.from(b).toString('latin1')));
  return {
    board,
    clock,
    get out() {
      return out;
    },
    clear: () => (out = ''),
    send: (text: string) => board.write(new TextEncoder().encode(text)),
  };
}

const flashSet = (chip: ChipName, projectName = 'tb-console', appChip: ChipName = chip) =>
  buildFlashSet({ chip, app: buildAppImage({ chip: appChip, projectName, version: '1.0.0' }) });

describe('the emulated board boots as a real one prints', () => {
  it('blank flash: the ROM loops on invalid header, then the RTC watchdog resets it', async () => {
    const b = boardWith('esp32');
    await b.clock.advance(50);
    expect(b.out).toMatch(
      /^ets Jun {2}8 2016 00:22:57\r\n\r\nrst:0x1 \(POWERON_RESET\),boot:0x13 \(SPI_FAST_FLASH_BOOT\)\r\n(invalid header: 0xffffffff\r\n){8}$/,
    );
    b.clear();
    await b.clock.advance(500);
    expect(b.out).toMatch(
      /^ets Jun {2}8 2016 00:22:57\r\n\r\nrst:0x10 \(RTCWDT_RTC_RESET\),boot:0x13[^\n]*\r\ninvalid header: 0xffffffff/,
    );
    expect(b.board.state).toBe('boot');
    await b.board.close();
  });

  it('a good flash set: ROM load lines, bootloader log with the partition table, app log, console', async () => {
    const b = boardWith('esp32', flashSet('esp32'));
    await b.clock.advance(200);
    const out = b.out;
    expect(out).toContain('load:0x3fff0030,len:384\r\nload:0x40078000,len:1024\r\nentry 0x4008067c\r\n');
    expect(out).toMatch(/I \(\d+\) boot: ESP-IDF v5\.3\.1 2nd stage bootloader/);
    expect(out).toMatch(/boot: {2}2 factory {10}factory app {6}00 00 00010000 00100000/);
    expect(out).toMatch(
      /esp_image: segment 0: paddr=00010020 vaddr=3f400020 size=[0-9a-f]{5}h \( +\d+\) map/,
    );
    expect(out).toMatch(/boot: Loaded app from partition at offset 0x10000/);
    expect(out).toMatch(/app_init: Project name: {5}tb-console\r\n/);
    expect(out).toMatch(
      /main_task: Calling app_main\(\)\r\n\r\ntwinbench console \(tb-console 1\.0\.0\) on ESP32\r\ntb> $/,
    );
    expect(b.board.state).toBe('app');
    await b.board.close();
  });

  it('a flipped byte in the app: Checksum failed, not bootable, reboot loop', async () => {
    const files = flashSet('esp32');
    const app = files[2]!.data;
    app[0x130] = (app[0x130] ?? 0) ^ 0x01;
    const b = boardWith('esp32', files);
    await b.clock.advance(400);
    expect(b.out).toMatch(
      /E \(\d+\) esp_image: Checksum failed\. Calculated 0x[0-9a-f]{2} read 0x[0-9a-f]{2}\r\n/,
    );
    expect(b.out).toMatch(
      /E \(\d+\) boot: Factory app partition is not bootable\r\nE \(\d+\) boot: No bootable app partitions in the partition table\r\n$/,
    );
    b.clear();
    await b.clock.advance(500);
    expect(b.out).toMatch(/rst:0x3 \(SW_RESET\)/);
    await b.board.close();
  });

  it('a changed header byte: the appended SHA-256 catches it', async () => {
    const files = flashSet('esp32');
    files[2]!.data[2] = 0x03;
    const b = boardWith('esp32', files);
    await b.clock.advance(400);
    expect(b.out).toMatch(/E \(\d+\) esp_image: Image hash failed - image is corrupt/);
    await b.board.close();
  });

  it('an app for another chip: mismatch chip ID', async () => {
    const b = boardWith('esp32', flashSet('esp32', 'tb-console', 'esp32s3'));
    await b.clock.advance(400);
    expect(b.out).toMatch(/E \(\d+\) esp_image: mismatch chip ID, expected 0, found 9/);
    await b.board.close();
  });

  it('no partition table: the bootloader says so', async () => {
    const files = flashSet('esp32c3').filter((f) => f.name !== 'partition-table');
    const b = boardWith('esp32c3', files);
    await b.clock.advance(400);
    expect(b.out).toMatch(
      /ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb {2}7 2021\r\nrst:0x1 \(POWERON\),boot:0xc \(SPI_FAST_FLASH_BOOT\)\r\nSPIWP:0xee\r\nmode:DIO, clock div:1\r\nload:0x3fcd5820,len:0x180/,
    );
    expect(b.out).toMatch(
      /E \(\d+\) flash_parts: partition 0 invalid magic number 0xffff\r\nE \(\d+\) boot: Failed to verify partition table\r\nE \(\d+\) boot: load partition table error!/,
    );
    await b.board.close();
  });

  it('an app nobody registered: says how to register one and halts', async () => {
    const b = boardWith('esp32s3', flashSet('esp32s3', 'nobody-knows-me'));
    await b.clock.advance(400);
    expect(b.out).toMatch(
      /twinbench: no emulated app for project "nobody-knows-me": register one with registerEmulatorApp/,
    );
    expect(b.board.state).toBe('halted');
    await b.board.close();
  });
});

describe('the built-in console app', () => {
  async function booted() {
    const b = boardWith('esp32', flashSet('esp32'));
    await b.clock.advance(200);
    b.clear();
    return b;
  }

  it('answers version, status, echo and unknown commands, lines ending in CR, LF or CRLF', async () => {
    const b = await booted();
    b.send('version\r\necho hello  world\rstatus\nfrob\r\n');
    await b.clock.advance(50);
    expect(b.out).toBe(
      `tb-console 1.0.0 (ESP-IDF v5.3.1) on ESP32\r\ntb> hello  world\r\ntb> status: ok chip=esp32 mac=${b.board.mac} uptime_ms=${/uptime_ms=(\d+)/.exec(b.out)?.[1]} heap_free=281000\r\ntb> Unrecognized command: frob\r\ntb> `,
    );
    await b.board.close();
  });

  it('selftest prints Unity output with PASS, FAIL and IGNORE and the summary', async () => {
    const b = await booted();
    b.send('selftest\n');
    await b.clock.advance(50);
    expect(b.out).toContain('test/test_main.c:44:test_adc_range:FAIL: Expected 3300 Was 3297\r\n');
    expect(b.out).toContain('test/test_main.c:31:test_wifi_scan:IGNORE: needs an antenna\r\n');
    expect(b.out).toMatch(/-{23}\r\n5 Tests 1 Failures 1 Ignored \r\nFAIL\r\ntb> $/);
    await b.board.close();
  });

  it('panic prints a Guru Meditation with registers and backtrace, then boots again (SW_CPU_RESET)', async () => {
    const b = await booted();
    b.send('panic\n');
    await b.clock.advance(300);
    expect(b.out).toMatch(
      /^Guru Meditation Error: Core {2}0 panic'ed \(LoadProhibited\)\. Exception was unhandled\.\r\n\r\nCore {2}0 register dump:\r\nPC {6}: 0x400d2f3a/,
    );
    expect(b.out).toMatch(
      /Backtrace: 0x400d2f37:0x3ffb2530 [^\r]*\r\n[\s\S]*Rebooting\.\.\.\r\nets Jun {2}8 2016 00:22:57\r\n\r\nrst:0xc \(SW_CPU_RESET\)/,
    );
    expect(b.out).toMatch(/tb> $/);
    expect(b.board.bootCount).toBe(2);
    await b.board.close();
  });

  it('reboot restarts with SW_CPU_RESET; an ESP32-C3 panics the RISC-V way', async () => {
    const b = await booted();
    b.send('reboot\n');
    await b.clock.advance(300);
    expect(b.out).toMatch(/^Restarting now\.\r\nets Jun {2}8 2016 00:22:57\r\n\r\nrst:0xc \(SW_CPU_RESET\)/);
    await b.board.close();
    const c = boardWith('esp32c3', flashSet('esp32c3'));
    await c.clock.advance(200);
    c.clear();
    c.send('panic\n');
    await c.clock.advance(300);
    expect(c.out).toMatch(
      /Guru Meditation Error: Core {2}0 panic'ed \(Load access fault\)[\s\S]*MEPC {4}: 0x4200a1c2[\s\S]*rst:0xc \(RTC_SW_CPU_RST\)/,
    );
    await c.board.close();
  });
});
