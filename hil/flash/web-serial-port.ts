/**
 * A Web-Serial-`SerialPort`-shaped object over a `SerialLink`: what esptool-js 0.7.0's `Transport`
 * (node_modules/esptool-js/lib/webserial.js) touches and nothing more — `getInfo`, `open`, `close`,
 * `readable`, `writable`, `setSignals` and the optional `setBaudRate` (so a baud change never
 * reopens the port). Kept this small on purpose: esptool-js's development branch replaces
 * `Transport` with an `ISerialTransport` interface (write, read(timeout), setRTS, setDTR, connect,
 * disconnect, getInfo, getPID), and this is the one file that will have to follow.
 *
 * The link's lifetime belongs to the caller (a board keeps its console on the same link):
 * `open()` only sets the baud rate of the already open link and `close()` ends the streams.
 */
import type { SerialLink } from '../link/serial-link.ts';

export class LinkSerialPort {
  readable: ReadableStream<Uint8Array> | null = null;
  writable: WritableStream<Uint8Array> | null = null;
  /** Bytes handed to the link since construction (SLIP frames as the UART carries them). */
  bytesWritten = 0;
  bytesRead = 0;
  private unsubscribe: (() => void) | undefined;
  private readonly signals = { dtr: false, rts: false };

  private readonly link: SerialLink;

  constructor(link: SerialLink) {
    this.link = link;
  }

  getInfo(): { usbVendorId?: number; usbProductId?: number } {
    const { usbVendorId, usbProductId } = this.link.info;
    return {
      ...(usbVendorId !== undefined ? { usbVendorId } : {}),
      ...(usbProductId !== undefined ? { usbProductId } : {}),
    };
  }

  async open(options: { baudRate: number }): Promise<void> {
    await this.link.setBaudRate(options.baudRate);
    this.readable = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.unsubscribe = this.link.onData((chunk) => {
          this.bytesRead += chunk.length;
          controller.enqueue(chunk);
        });
        void this.link.closed.then(() => {
          try {
            controller.close();
          } catch {
            // already closed or cancelled
          }
        });
      },
      cancel: () => this.stopReading(),
    });
    this.writable = new WritableStream<Uint8Array>({
      write: async (chunk) => {
        this.bytesWritten += chunk.length;
        await this.link.write(chunk);
      },
    });
  }

  async close(): Promise<void> {
    this.stopReading();
    this.readable = null;
    this.writable = null;
  }

  async setBaudRate(baudRate: number): Promise<void> {
    await this.link.setBaudRate(baudRate);
  }

  /** Web Serial sets only the lines named; `SerialLink` always takes both, so keep the other one. */
  async setSignals(signals: {
    dataTerminalReady?: boolean;
    requestToSend?: boolean;
    break?: boolean;
  }): Promise<void> {
    if (signals.dataTerminalReady !== undefined) this.signals.dtr = signals.dataTerminalReady;
    if (signals.requestToSend !== undefined) this.signals.rts = signals.requestToSend;
    await this.link.setSignals({ ...this.signals });
  }

  private stopReading(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
