import { HIL_ERROR_CODES, HilError } from '../errors.ts';
import type { SerialLink, SerialLinkInfo } from '../link/serial-link.ts';
import type { EmulatedBoard } from './board.ts';

/**
 * The in-process `SerialLink` to an emulated board: bytes go through the board's paced UART, DTR/RTS
 * drive its reset circuit, the baud rate is the host side's. An ESP32-S3/-C3 on its USB-JTAG-serial
 * reports Espressif's VID/PID (0x303a/0x1001), so esptool-js picks UsbJtagSerialReset as it does
 * for a real one. Closing the link leaves the board running.
 */
export function createEmulatorLink(board: EmulatedBoard, options: { path?: string } = {}): SerialLink {
  const usb = board.resetCircuit === 'usb-jtag-serial' ? board.personality.usb : undefined;
  const info: SerialLinkInfo = {
    kind: 'emulator',
    path: options.path ?? `emulator://${board.chip}/${board.mac}`,
    ...(usb
      ? { usbVendorId: usb.vendorId, usbProductId: usb.productId, serialNumber: board.mac.toUpperCase() }
      : {}),
  };
  const listeners = new Set<(chunk: Uint8Array) => void>();
  let open = false;
  let unsubscribe: (() => void) | undefined;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const offState = board.onStateChange((s) => {
    if (s === 'closed') void link.close();
  });
  const assertOpen = (what: string) => {
    if (!open)
      throw new HilError(
        HIL_ERROR_CODES.LINK_CLOSED,
        `${what} on ${info.path}, which is not open: call open() first`,
      );
  };
  const link: SerialLink = {
    info,
    closed,
    async open({ baudRate }) {
      if (board.state === 'closed') {
        throw new HilError(
          HIL_ERROR_CODES.LINK_OPEN,
          `cannot open ${info.path}: the emulated board is closed`,
        );
      }
      board.setHostBaudRate(baudRate);
      unsubscribe ??= board.onOutput((bytes) => {
        for (const l of listeners) l(bytes);
      });
      open = true;
    },
    async write(data) {
      assertOpen('write');
      board.write(data);
    },
    onData(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async setBaudRate(baudRate) {
      assertOpen('setBaudRate');
      board.setHostBaudRate(baudRate);
    },
    async setSignals({ dtr, rts }) {
      assertOpen('setSignals');
      board.setLines({ dtr, rts });
    },
    async purge() {
      assertOpen('purge');
      board.purge();
    },
    async close() {
      if (!open && unsubscribe === undefined) {
        offState();
        resolveClosed();
        return;
      }
      open = false;
      unsubscribe?.();
      unsubscribe = undefined;
      offState();
      resolveClosed();
    },
  };
  return link;
}
