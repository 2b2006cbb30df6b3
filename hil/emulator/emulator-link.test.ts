import { describe, expect, it } from 'vitest';
import { HIL_ERROR_CODES } from '../errors.ts';
import { createEmulatedBoard } from './board.ts';
import { createEmulatorLink } from './emulator-link.ts';
import { FakeClock } from './test-support.ts';

describe('createEmulatorLink', () => {
  it('reports Espressif USB-JTAG-serial ids for S3/C3 and none for a classic ESP32', async () => {
    const clock = new FakeClock();
    const s3 = createEmulatedBoard({ chip: 'esp32s3', clock });
    const esp32 = createEmulatedBoard({ chip: 'esp32', clock });
    expect(createEmulatorLink(s3).info).toMatchObject({
      kind: 'emulator',
      usbVendorId: 0x303a,
      usbProductId: 0x1001,
    });
    expect(createEmulatorLink(esp32).info.usbVendorId).toBeUndefined();
    expect(createEmulatorLink(esp32).info.path).toBe(`emulator://esp32/${esp32.mac}`);
    await s3.close();
    await esp32.close();
  });

  it('carries the boot log, refuses use before open, and closes when the board does', async () => {
    const clock = new FakeClock();
    const board = createEmulatedBoard({ chip: 'esp32', clock });
    const link = createEmulatorLink(board);
    await expect(link.write(Uint8Array.of(1))).rejects.toMatchObject({ code: HIL_ERROR_CODES.LINK_CLOSED });
    await link.open({ baudRate: 115200 });
    let text = '';
    link.onData((b) => (text += Buffer.from(b).toString('latin1')));
    await link.setSignals({ dtr: false, rts: true });
    expect(board.state).toBe('reset');
    await link.setSignals({ dtr: false, rts: false });
    await clock.advance(50);
    expect(text).toMatch(
      /rst:0x10 \(RTCWDT_RTC_RESET\),boot:0x13 \(SPI_FAST_FLASH_BOOT\)\r\ninvalid header: 0xffffffff/,
    );
    await board.close();
    await link.closed;
  });
});
