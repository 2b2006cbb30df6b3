/** Opens the right `SerialLink` for a link spec (not yet `open()`ed: the caller picks the baud rate). */
import { createEmulatedBoard } from '../emulator/board.ts';
import { createEmulatorLink } from '../emulator/emulator-link.ts';
import type { ChipName } from '../image/chips.ts';
import type { LinkSpec } from '../rig/link-spec.ts';
import type { DiscoveredPort } from './ports.ts';
import { Rfc2217Link, type Rfc2217LinkOptions } from './rfc2217-link.ts';
import type { SerialLink } from './serial-link.ts';
import { SerialPortLink } from './serialport-link.ts';

export interface OpenLinkOptions {
  /** RFC 2217 timeouts and negotiation trace. */
  rfc2217?: Omit<Rfc2217LinkOptions, 'host' | 'port'>;
  /** Makes the link of an `emulator:<chip>` spec; default: a new in-process board, closed with the link. */
  emulator?: (chip: ChipName) => Promise<SerialLink>;
}

/** A fresh emulated board behind an in-process link; closing the link closes the board. */
export async function newEmulatorLink(chip: ChipName): Promise<SerialLink> {
  const board = createEmulatedBoard({ chip });
  const link = createEmulatorLink(board);
  return {
    info: link.info,
    closed: link.closed,
    open: (o) => link.open(o),
    write: (d) => link.write(d),
    onData: (l) => link.onData(l),
    setBaudRate: (b) => link.setBaudRate(b),
    setSignals: (s) => link.setSignals(s),
    purge: () => link.purge(),
    async close() {
      await link.close();
      await board.close();
    },
  };
}

export async function openLink(
  spec: LinkSpec,
  options: OpenLinkOptions & { usb?: DiscoveredPort } = {},
): Promise<SerialLink> {
  switch (spec.kind) {
    case 'serialport':
      return new SerialPortLink({
        path: spec.path,
        ...(options.usb
          ? {
              usb: {
                ...(options.usb.vendorId !== undefined ? { usbVendorId: options.usb.vendorId } : {}),
                ...(options.usb.productId !== undefined ? { usbProductId: options.usb.productId } : {}),
                ...(options.usb.serialNumber ? { serialNumber: options.usb.serialNumber } : {}),
                ...(options.usb.location ? { location: options.usb.location } : {}),
              },
            }
          : {}),
      });
    case 'rfc2217':
      return new Rfc2217Link({
        host: spec.host,
        port: spec.port,
        ...(spec.ignoreSetControlAck ? { ignoreSetControlAck: true } : {}),
        ...options.rfc2217,
      });
    case 'emulator':
      return (options.emulator ?? newEmulatorLink)(spec.chip);
  }
}
