/**
 * Flashing with esptool-js 0.7.0, unmodified: our links reach it through `LinkSerialPort` (a
 * Web-Serial-shaped port), reset sequences come from the rig as data, and around it we add what
 * esptool-js does not do: image checks before the board is touched and against the detected chip,
 * a flash cache confirmed by the board's MD5, progress with bytes/s, and the hand-back to the
 * console (console baud, reset into the app).
 */
import { createHash } from 'node:crypto';
import { ESPLoader, Transport, type IEspLoaderTerminal } from 'esptool-js';
import { realClock, type HilClock } from '../clock.ts';
import { HIL_ERROR_CODES, HilError } from '../errors.ts';
import { CHIPS, type ChipName } from '../image/chips.ts';
import type { SerialLink } from '../link/serial-link.ts';
import { runResetSequence } from '../link/reset-sequence.ts';
import type { TraceSink } from '../link/trace.ts';
import { checkChip, checkFiles, type FlashFile } from './check-files.ts';
import type { FlashCache } from './flash-cache.ts';
import { LinkSerialPort } from './web-serial-port.ts';

export interface FlashOptions {
  /** What to write; images are checked first (see check-files.ts). */
  files: readonly FlashFile[];
  /** Baud rate of the transfer after the stub is running (bits/s, default 460800, as esptool). */
  baudRate?: number;
  /** Baud rate of the ROM loader and of the console after the reset (bits/s, default 115200). */
  romBaudRate?: number;
  /**
   * Sequence into the ROM loader (see RESET_SEQUENCES). Default: `usbJtagSerial` for Espressif's
   * USB-JTAG-serial port (303a:1001), `classic` otherwise.
   */
  bootloaderReset?: string;
  /** Sequence into the app after writing (default `hard`); `none` leaves the board in the stub. */
  appReset?: string;
  /** The chip the rig declares: images are checked against it before connecting. */
  chip?: ChipName;
  /** Deflate the data (FLASH_DEFL_*), default true. */
  compress?: boolean;
  /** Skip files whose image is recorded for this board and whose flash MD5 still matches. */
  cache?: { cache: FlashCache; board: string };
  /** Called as blocks are acknowledged. */
  onProgress?: (p: FlashProgress) => void;
  /** esptool-js's own log lines ("Chip is ESP32-S3…", "Writing at 0x…"). */
  log?: (line: string) => void;
  /** esptool-js's trace lines (byte tracing of the link itself is `tracedLink`'s). */
  trace?: TraceSink;
  clock?: HilClock;
}

export interface FlashProgress {
  file: string;
  address: number;
  /** Bytes of this file sent so far (compressed when compressing). */
  written: number;
  total: number;
  /** Average rate of this file so far, bytes on the wire per second. */
  bytesPerSecond: number;
}

export interface FlashedFile {
  name: string;
  address: number;
  size: number;
  sha256: string;
  md5: string;
  /** True when the cache and the board's MD5 said it is there already. */
  skipped: boolean;
  /** Bytes sent for it (compressed size when compressing). */
  sent: number;
  seconds: number;
}

export interface FlashReport {
  /** esptool-js's description, e.g. `ESP32-S3 (QFN56) (revision v0.2)`. */
  chip: string;
  /** `ESP32-S3`. */
  chipName: string;
  imageChipId: number;
  mac: string;
  files: FlashedFile[];
  /** Bytes handed to the link during the whole session (SLIP frames: the bytes on the wire). */
  wireBytesWritten: number;
  wireBytesRead: number;
  /** Seconds of the whole session (connect, stub, writes, verify). */
  seconds: number;
  /** Seconds from the first data block sent to the last file verified, all files. */
  writeSeconds: number;
  /** Bytes handed to the link in that time (the write phase's bytes on the wire). */
  writeWireBytes: number;
  baudRate: number;
}

export const FLASH_DEFAULTS = {
  baudRate: 460_800,
  romBaudRate: 115_200,
  appReset: 'hard',
  compress: true,
} as const;

const ESPRESSIF_USB_JTAG_SERIAL = { vid: 0x303a, pid: 0x1001 };

/**
 * The reset into the ROM loader that usually fits a link (the rig can always say otherwise):
 * Espressif's USB-JTAG-serial port (303a:1001) → `usbJtagSerial`; another local port → `tight`
 * (both lines in one ioctl); RFC 2217 and the emulator → `classic` (one line at a time, as esptool
 * does over RFC 2217 and as esp_rfc2217_server expects).
 */
export function defaultBootloaderReset(link: SerialLink): 'usbJtagSerial' | 'tight' | 'classic' {
  const { usbVendorId, usbProductId, kind } = link.info;
  if (usbVendorId === ESPRESSIF_USB_JTAG_SERIAL.vid && usbProductId === ESPRESSIF_USB_JTAG_SERIAL.pid)
    return 'usbJtagSerial';
  return kind === 'serialport' ? 'tight' : 'classic';
}

/**
 * Flashes `files` through an open link. Refuses corrupt images before touching the board and
 * wrong-chip images after detecting the chip (or before, when `chip` is given).
 */
export async function flash(link: SerialLink, options: FlashOptions): Promise<FlashReport> {
  const o = { ...FLASH_DEFAULTS, ...options };
  const clock = o.clock ?? realClock;
  const checked = checkFiles(o.files);
  if (o.chip) checkChip(checked, CHIPS[o.chip].imageChipId, CHIPS[o.chip].label);

  const port = new LinkSerialPort(link);
  const lastOutput = new TailBuffer(2048);
  const stopTail = link.onData((c) => lastOutput.push(c));
  const transport = new Transport(port as unknown as ConstructorParameters<typeof Transport>[0], false);
  // esptool-js prints some trace lines ("readLoop exited") with console.log even with tracing off;
  // they belong in our trace, not on a user's terminal.
  transport.trace = (message: string) => o.trace?.(`esptool-js ${message}`);
  const bootSequence = o.bootloaderReset ?? defaultBootloaderReset(link);
  // Rig sequences (esptool notation, seconds) as esptool-js reset strategies: esptool-js's own
  // CustomReset reads `W` in milliseconds and silently skips `W0.1`, so it cannot run them.
  const sequenceReset = (sequence: string) =>
    ({ reset: () => runResetSequence(link, sequence, { clock }).then(() => {}) }) as never;
  const loader = new ESPLoader({
    transport,
    baudrate: o.baudRate,
    romBaudrate: o.romBaudRate,
    terminal: terminal(o.log),
    resetConstructors: {
      classicReset: () => sequenceReset(bootSequence),
      usbJTAGSerialReset: () => sequenceReset(bootSequence),
      hardReset: () => sequenceReset(o.appReset),
    },
  });

  const started = clock.now();
  const report: FlashReport = {
    chip: '',
    chipName: '',
    imageChipId: -1,
    mac: '',
    files: [],
    wireBytesWritten: 0,
    wireBytesRead: 0,
    seconds: 0,
    writeSeconds: 0,
    writeWireBytes: 0,
    baudRate: o.baudRate,
  };
  try {
    try {
      report.chip = await loader.main('default_reset');
    } catch (e) {
      throw new HilError(
        HIL_ERROR_CODES.FLASH_CONNECT,
        `esptool-js could not talk to the ROM loader on ${link.info.path}: ${(e as Error).message}. ` +
          `Check the reset sequence (rig 'reset.bootloader', now '${bootSequence}'), that no monitor holds the port, and the cable. ` +
          `The board printed:\n${lastOutput.lines(10) || '(nothing)'}`,
        { cause: e },
      );
    }
    report.chipName = loader.chip.CHIP_NAME;
    report.imageChipId = loader.chip.IMAGE_CHIP_ID ?? -1;
    checkChip(checked, report.imageChipId, loader.chip.CHIP_NAME);
    report.mac = await loader.chip.readMac(loader);

    const toWrite: FlashedFile[] = [];
    for (const { file } of checked) {
      const padded = padTo4(file.data);
      const entry: FlashedFile = {
        name: file.name,
        address: file.address,
        size: file.data.length,
        sha256: createHash('sha256').update(file.data).digest('hex'),
        md5: createHash('md5').update(padded).digest('hex'),
        skipped: false,
        sent: 0,
        seconds: 0,
      };
      report.files.push(entry);
      const hit = o.cache && (await o.cache.cache.lookup(o.cache.board, file.address, entry.sha256));
      if (
        hit &&
        hit.md5 === entry.md5 &&
        (await loader.flashMd5sum(file.address, padded.length)) === entry.md5
      ) {
        entry.skipped = true;
        o.log?.(
          `${file.name} at 0x${file.address.toString(16)} unchanged (cache and flash MD5 agree): not written`,
        );
      } else {
        toWrite.push(entry);
      }
    }

    if (toWrite.length > 0) {
      const fileStart: number[] = [];
      let firstBlock: number | undefined;
      let wireAtFirstBlock = 0;
      await loader
        .writeFlash({
          fileArray: toWrite.map((f) => ({
            data: checked.find((c) => c.file.address === f.address)!.file.data,
            address: f.address,
          })),
          flashMode: 'keep',
          flashFreq: 'keep',
          flashSize: 'keep',
          eraseAll: false,
          compress: o.compress,
          calculateMD5Hash: (image) => createHash('md5').update(image).digest('hex'),
          reportProgress: (i, written, total) => {
            const f = toWrite[i]!;
            const now = clock.now();
            if (written === 0) fileStart[i] = now;
            if (firstBlock === undefined) {
              firstBlock = now;
              wireAtFirstBlock = port.bytesWritten;
            }
            const seconds = (now - (fileStart[i] ?? now)) / 1000;
            f.sent = written;
            f.seconds = seconds;
            o.onProgress?.({
              file: f.name,
              address: f.address,
              written,
              total,
              bytesPerSecond: seconds > 0 ? written / seconds : 0,
            });
          },
        })
        .catch((e: unknown) => {
          throw new HilError(
            HIL_ERROR_CODES.FLASH_WRITE,
            `Writing flash on ${link.info.path} failed: ${(e as Error).message}. Try a lower baud rate (--baud 115200) or another cable; the board printed:\n${lastOutput.lines(10) || '(nothing)'}`,
            { cause: e },
          );
        });
      report.writeSeconds = (clock.now() - (firstBlock ?? clock.now())) / 1000;
      report.writeWireBytes = port.bytesWritten - wireAtFirstBlock;
      if (o.cache) {
        for (const f of toWrite) {
          await o.cache.cache.record(o.cache.board, f.address, {
            sha256: f.sha256,
            md5: f.md5,
            size: f.size,
            writtenAt: new Date(clock.now()).toISOString(),
          });
        }
      }
    }
  } finally {
    stopTail();
    await transport.disconnect().catch(() => {});
    report.wireBytesWritten = port.bytesWritten;
    report.wireBytesRead = port.bytesRead;
    report.seconds = (clock.now() - started) / 1000;
  }
  // Back to the console: the app talks at the ROM rate after its reset.
  await link.setBaudRate(o.romBaudRate);
  if (o.appReset !== 'none') await runResetSequence(link, o.appReset, { clock });
  return report;
}

function terminal(log: ((line: string) => void) | undefined): IEspLoaderTerminal {
  let partial = '';
  return {
    clean: () => {},
    write: (data) => void (partial += data),
    writeLine: (data) => {
      const line = (partial + data).trim();
      partial = '';
      if (line) log?.(line);
    },
  };
}

function padTo4(data: Uint8Array): Uint8Array {
  if (data.length % 4 === 0) return data;
  const out = new Uint8Array(data.length + (4 - (data.length % 4))).fill(0xff);
  out.set(data);
  return out;
}

/** The last bytes a board printed, for error messages (non-printable bytes dropped). */
class TailBuffer {
  private bytes = new Uint8Array(0);
  private readonly max: number;
  constructor(max: number) {
    this.max = max;
  }
  push(chunk: Uint8Array): void {
    const joined = new Uint8Array(this.bytes.length + chunk.length);
    joined.set(this.bytes);
    joined.set(chunk, this.bytes.length);
    this.bytes = joined.subarray(Math.max(0, joined.length - this.max));
  }
  lines(n: number): string {
    const text = Buffer.from(this.bytes)
      .toString('latin1')
      .replace(/[^\x20-\x7e\n]/g, '');
    return text
      .split('\n')
      .map((l) => l.trimEnd())
      .filter(Boolean)
      .slice(-n)
      .map((l) => `  | ${l}`)
      .join('\n');
  }
}
