/**
 * A local serial port through node `serialport` (USB-UART bridges, the ESP32-S3/C3/C6 USB-JTAG-serial
 * port, a pty). DTR and RTS always change together in one `set()` call: serialport fills a line
 * that is not given from its defaults (asserted), and on Unix both lines go out in one TIOCMSET
 * ioctl, which is esptool's "tight" reset.
 */
import { SerialPort } from 'serialport';
import { HIL_ERROR_CODES, HilError } from '../errors.ts';
import type { SerialLink, SerialLinkInfo } from './serial-link.ts';

export interface SerialPortLinkOptions {
  /** `/dev/ttyUSB0`, `/dev/serial/by-id/…`, `COM3`. */
  path: string;
  /** USB identity from discovery, kept in `info` for rig identity. */
  usb?: Pick<SerialLinkInfo, 'usbVendorId' | 'usbProductId' | 'serialNumber' | 'location'>;
}

export class SerialPortLink implements SerialLink {
  readonly info: SerialLinkInfo;
  readonly closed: Promise<void>;
  private port: SerialPort | undefined;
  private readonly listeners = new Set<(chunk: Uint8Array) => void>();
  private resolveClosed!: () => void;
  private isClosed = false;

  constructor(options: SerialPortLinkOptions) {
    this.info = { kind: 'serialport', path: options.path, ...options.usb };
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
  }

  async open({ baudRate }: { baudRate: number }): Promise<void> {
    if (this.port) throw new HilError(HIL_ERROR_CODES.LINK_OPEN, `${this.info.path} is already open.`);
    const port = new SerialPort({ path: this.info.path, baudRate, autoOpen: false, hupcl: false });
    await new Promise<void>((resolve, reject) =>
      port.open((err) =>
        err
          ? reject(
              new HilError(
                HIL_ERROR_CODES.LINK_OPEN,
                `Could not open ${this.info.path}: ${err.message}. Check the path (twinbench hil ports), that no other program (a monitor, esptool) holds it, and that you may use it (Linux: the dialout group).`,
                { cause: err },
              ),
            )
          : resolve(),
      ),
    );
    this.port = port;
    port.on('data', (chunk: Buffer) => {
      for (const l of [...this.listeners]) l(chunk);
    });
    port.on('close', () => this.finish());
  }

  async write(data: Uint8Array): Promise<void> {
    const port = this.live('write');
    await new Promise<void>((resolve, reject) =>
      port.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength), (err) =>
        err
          ? reject(
              new HilError(HIL_ERROR_CODES.LINK_CLOSED, `Write to ${this.info.path} failed: ${err.message}`, {
                cause: err,
              }),
            )
          : resolve(),
      ),
    );
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async setBaudRate(baudRate: number): Promise<void> {
    const port = this.live('change the baud rate');
    await new Promise<void>((resolve, reject) =>
      port.update({ baudRate }, (err) => (err ? reject(err) : resolve())),
    );
  }

  async setSignals({ dtr, rts }: { dtr: boolean; rts: boolean }): Promise<void> {
    const port = this.live('set DTR/RTS');
    await new Promise<void>((resolve, reject) =>
      port.set({ dtr, rts }, (err) =>
        err
          ? reject(
              new HilError(
                HIL_ERROR_CODES.LINK_NO_SIGNALS,
                `${this.info.path} cannot set DTR/RTS (${err.message}). A pty has no modem lines; for an emulated board use its RFC 2217 port or the in-process link.`,
                { cause: err },
              ),
            )
          : resolve(),
      ),
    );
  }

  async purge(): Promise<void> {
    const port = this.live('purge');
    await new Promise<void>((resolve, reject) => port.flush((err) => (err ? reject(err) : resolve())));
  }

  async close(): Promise<void> {
    const port = this.port;
    if (!port || this.isClosed || !port.isOpen) {
      this.finish();
      return;
    }
    await new Promise<void>((resolve) => port.close(() => resolve()));
    this.finish();
  }

  private live(what: string): SerialPort {
    if (!this.port || this.isClosed) {
      throw new HilError(
        HIL_ERROR_CODES.LINK_CLOSED,
        `Cannot ${what}: ${this.info.path} is not open. Open the link first.`,
      );
    }
    return this.port;
  }

  private finish(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.listeners.clear();
    this.resolveClosed();
  }
}
