import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildAppImage } from '../image/build-app-image.ts';
import { buildFlashSet } from '../image/flash-set.ts';
import { registerEmulatorApp } from './apps/registry.ts';
import { createEmulatedBoard } from './board.ts';
import { createEmulatorLink } from './emulator-link.ts';
import { recordConsole } from './test-support.ts';

const echoApp = fileURLToPath(new URL('./fixtures/echo-app.mjs', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('an external program as the app', () => {
  it('runs after the boot log with the UART as stdin/stdout and the board in its env; killed on reset; a crash reboots', async () => {
    cleanups.push(
      registerEmulatorApp('echo-app', { command: process.execPath, args: [echoApp], env: { EXTRA: 'yes' } }),
    );
    const board = createEmulatedBoard({
      chip: 'esp32s3',
      mac: 'f4:12:fa:00:00:2a',
      initialFlash: buildFlashSet({
        chip: 'esp32s3',
        app: buildAppImage({ chip: 'esp32s3', projectName: 'echo-app', version: '3.1.4' }),
      }),
    });
    const link = createEmulatorLink(board);
    await link.open({ baudRate: 115200 });
    cleanups.push(async () => {
      await link.close();
      await board.close();
    });
    const con = recordConsole(link);
    board.reset();
    const hello = await con.waitFor(
      /echo-app pid=(\d+) chip=esp32s3 mac=f4:12:fa:00:00:2a version=3\.1\.4 extra=yes\r\nready>\r\n/,
      10_000,
    );
    expect(con.text.indexOf('main_task: Calling app_main()')).toBeLessThan(hello.index);
    const pid = Number(hello[1]);
    let from = con.mark();
    await link.write(new TextEncoder().encode('hello board\r\n'));
    await con.waitFor(/HELLO BOARD\r\n/, 5000, from);

    from = con.mark();
    await link.setSignals({ dtr: false, rts: false });
    await link.setSignals({ dtr: false, rts: true }); // USB-JTAG-serial: RTS without DTR resets the chip
    await con.waitFor(/rst:0x15 \(USB_UART_CHIP_RESET\)[\s\S]*echo-app pid=(\d+)/, 10_000, from);
    await vi.waitFor(() => expect(alive(pid)).toBe(false), { timeout: 5000 });

    from = con.mark();
    await link.write(new TextEncoder().encode('crash\n'));
    await con.waitFor(
      /\[app exited with code 3\]\r\n\r\nabort\(\) was called at PC 0x400d2f3a on core 0[\s\S]*Rebooting\.\.\.\r\nESP-ROM:esp32s3-20210327\r\nBuild:Mar 27 2021\r\nrst:0xc \(RTC_SW_CPU_RST\)[\s\S]*ready>/,
      10_000,
      from,
    );
  });
});
