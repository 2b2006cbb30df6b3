import { realClock, type HilClock } from '../clock.ts';
import type { AppDescriptor } from '../image/app-descriptor.ts';
import type { ChipName } from '../image/chips.ts';
import { startExternalApp } from './apps/external-app.ts';
import { findEmulatorApp } from './apps/registry.ts';
import type { EmulatorApp, EmulatorAppContext, RunningEmulatorApp } from './apps/types.ts';
import { romBanner, romLoadBootloader } from './boot/rom-boot.ts';
import { appStartLog, secondStage } from './boot/second-stage.ts';
import { EmulatorError } from './errors.ts';
import { FlashMemory } from './flash-memory.ts';
import { LoaderSession, type LoaderHost } from './loader/session.ts';
import { PacedPipe } from './paced-pipe.ts';
import {
  formatMac,
  parseMac,
  PERSONALITIES,
  type ChipPersonality,
  type ResetCircuit,
  type ResetReason,
} from './personalities.ts';
import { RegisterFile } from './registers.ts';
import { ResetLogic, type Lines } from './reset-circuit.ts';
import { SlipDecoder, slipEncode } from './slip.ts';

export interface EmulatedBoardOptions {
  chip: ChipName;
  /** Keep the flash in this file (created when missing), so the board keeps its flash between runs. */
  flashFile?: string;
  /** Written into the flash before power-on (erasing the sectors first), e.g. `buildFlashSet(…)`. */
  initialFlash?: readonly { address: number; data: Uint8Array }[];
  /** Flash size in MiB: 2, 4 (default), 8 or 16. */
  flashSizeMiB?: 2 | 4 | 8 | 16;
  /** Efuse MAC, `aa:bb:cc:dd:ee:ff`; default the chip's Espressif OUI plus 3 bytes from `serial`. */
  mac?: string;
  /** Distinguishes boards with default MACs (0 to 0xffffff); default a per-process counter. */
  serial?: number;
  /** Default the chip's: `classic` for ESP32, `usb-jtag-serial` for ESP32-S3/-C3. */
  resetCircuit?: ResetCircuit;
  /** RC delay of EN after release, ms (IO0 is sampled at its end); default 10 (10 kΩ × 1 µF). */
  enDelayMs?: number;
  /** Pause before a board that cannot boot tries again, ms; default 500. */
  bootLoopDelayMs?: number;
  /** Apps by project name for this board, ahead of `registerEmulatorApp`'s. */
  apps?: Readonly<Record<string, EmulatorApp>>;
  /** Garble bytes when host and board baud rates differ by more than 3 %, as a UART does; default true. */
  strictBaud?: boolean;
  clock?: HilClock;
}

export type BoardState = 'reset' | 'download' | 'stub' | 'boot' | 'app' | 'halted' | 'closed';

const ROM_BAUD = 115200;
let nextSerial = 1;

function garble(bytes: Uint8Array): Uint8Array {
  return bytes.map((b) => 0x80 | ((b * 7 + 3) & 0x7f));
}

function mismatch(a: number, b: number): boolean {
  return Math.abs(a - b) / b > 0.03;
}

/**
 * An emulated ESP32-family board: a UART paced at its baud rate, reset lines, the ROM loader and
 * flasher stub (./loader), SPI flash (./flash-memory), and on a flash boot the ROM and ESP-IDF
 * bootloader logs and checks (./boot) followed by an app chosen by the image's project name
 * (./apps). The CPU is not emulated: the app is a host program or a TypeScript function.
 */
export class EmulatedBoard implements AsyncDisposable {
  readonly chip: ChipName;
  readonly personality: ChipPersonality;
  readonly mac: string;
  readonly flash: FlashMemory;
  readonly resetCircuit: ResetCircuit;
  bootCount = 0;
  lastResetReason: ResetReason | undefined;
  #o: EmulatedBoardOptions;
  #clock: HilClock;
  #regs: RegisterFile;
  #lines: ResetLogic;
  #rx: PacedPipe;
  #tx: PacedPipe;
  #hostBaud = ROM_BAUD;
  #boardBaud = ROM_BAUD;
  #listeners = new Set<(bytes: Uint8Array) => void>();
  #stateListeners = new Set<(state: BoardState) => void>();
  #state: BoardState = 'reset';
  #epoch = new AbortController();
  #loader: LoaderSession | undefined;
  #slip = new SlipDecoder();
  #app: RunningEmulatorApp | undefined;
  #appExits = new Set<Promise<void>>();
  #bootAt = 0;

  constructor(options: EmulatedBoardOptions) {
    this.#o = options;
    this.chip = options.chip;
    this.personality = PERSONALITIES[options.chip];
    if (!this.personality)
      throw new EmulatorError(`unknown chip "${String(options.chip)}": use esp32, esp32s3 or esp32c3`);
    this.#clock = options.clock ?? realClock;
    const serial = options.serial ?? nextSerial++;
    const mac = options.mac
      ? parseMac(options.mac)
      : Uint8Array.from([
          ...this.personality.oui,
          (serial >> 16) & 0xff,
          (serial >> 8) & 0xff,
          serial & 0xff,
        ]);
    this.mac = formatMac(mac);
    const sizeMiB = options.flashSizeMiB ?? 4;
    this.flash = new FlashMemory(sizeMiB * 0x100000, options.flashFile);
    this.resetCircuit = options.resetCircuit ?? this.personality.resetCircuit;
    this.#lines = new ResetLogic(this.resetCircuit);
    this.#regs = new RegisterFile(this.personality, mac, sizeMiB, () => this.#boardBaud, this.resetCircuit);
    this.#rx = new PacedPipe(this.#clock, (b, baud) => this.#received(b, baud), ROM_BAUD);
    this.#tx = new PacedPipe(this.#clock, (b, baud) => this.#transmitted(b, baud), ROM_BAUD);
    for (const f of options.initialFlash ?? []) {
      this.flash.erase(f.address, f.data.length);
      this.flash.write(f.address, f.data);
    }
    this.#boot('power-on', false);
  }

  get state(): BoardState {
    return this.#state;
  }

  /** The board UART's current rate (115200 after every reset; CHANGE_BAUDRATE changes it). */
  get baudRate(): number {
    return this.#boardBaud;
  }

  get hostBaudRate(): number {
    return this.#hostBaud;
  }

  get lines(): Lines {
    return this.#lines.lines;
  }

  /** Subscribes to what the board transmits, as the host receives it. */
  onOutput(listener: (bytes: Uint8Array) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onStateChange(listener: (state: BoardState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  /** Bytes the host sends; they reach the board after their wire time at the host's rate. */
  write(bytes: Uint8Array): void {
    this.#assertOpen();
    this.#rx.send(bytes);
  }

  /** The rate the host's side of the link runs at. */
  setHostBaudRate(baud: number): void {
    this.#assertOpen();
    this.#hostBaud = baud;
    this.#rx.baud = baud;
  }

  /** DTR/RTS as the host sets them; drives the reset circuit. */
  setLines(lines: Lines): void {
    this.#assertOpen();
    const effect = this.#lines.apply(lines);
    if (effect.kind === 'hold') this.#hold();
    else if (effect.kind === 'release') {
      const epoch = this.#epoch.signal;
      this.#clock.sleep(this.#o.enDelayMs ?? 10, epoch).then(
        () => {
          if (!this.#lines.inReset) this.#boot('en', this.#lines.io0Low);
        },
        () => {},
      );
    } else if (effect.kind === 'reset') this.#boot('usb', effect.download);
  }

  /** Drops bytes still on the wire both ways (RFC 2217 PURGE_DATA). */
  purge(): void {
    this.#rx.purge();
    this.#tx.purge();
  }

  /** Resets the chip as the EN button does (into download mode with `download`). */
  reset(options: { download?: boolean } = {}): void {
    this.#assertOpen();
    this.#boot('en', options.download ?? false);
  }

  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#stop();
    this.#setState('closed');
    this.#rx.close();
    this.#tx.close();
    await Promise.all(this.#appExits);
    this.flash.close();
    this.#listeners.clear();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #assertOpen(): void {
    if (this.#state === 'closed')
      throw new EmulatorError(`the emulated ${this.personality.label} is closed; create a new board`);
  }

  #setState(s: BoardState): void {
    if (this.#state === s) return;
    this.#state = s;
    for (const l of this.#stateListeners) l(s);
  }

  /** Ends everything tied to the current run of the chip: timers, the app, the loader. */
  #stop(): void {
    this.#epoch.abort();
    this.#epoch = new AbortController();
    this.#app?.stop();
    this.#app = undefined;
    this.#loader?.close();
    this.#loader = undefined;
    this.#slip.reset();
  }

  #hold(): void {
    this.#stop();
    this.#tx.purge();
    this.#setState('reset');
  }

  #print(lines: readonly string[]): void {
    this.#send(`${lines.join('\r\n')}\r\n`);
  }

  #send(text: string): void {
    this.#tx.send(new TextEncoder().encode(text));
  }

  #later(ms: number, fn: () => void): void {
    this.#clock.sleep(ms, this.#epoch.signal).then(fn, () => {});
  }

  #boot(reason: ResetReason, download: boolean): void {
    this.#stop();
    this.#boardBaud = ROM_BAUD;
    this.#tx.baud = ROM_BAUD;
    this.#bootAt = this.#clock.now();
    this.bootCount++;
    this.lastResetReason = reason;
    const p = this.personality;
    this.#print(romBanner(p, reason, download));
    if (download) {
      this.#loader = new LoaderSession(this.#loaderHost());
      this.#setState('download');
      return;
    }
    this.#setState('boot');
    const loopDelay = this.#o.bootLoopDelayMs ?? 500;
    const rom = romLoadBootloader(p, this.flash);
    this.#print(rom.lines);
    if (!rom.ok) {
      this.#later(loopDelay, () => this.#boot('rtc-wdt', false));
      return;
    }
    const second = secondStage(p, this.flash, rom.bootloader);
    if (!second.app) {
      this.#print(second.log.lines);
      this.#later(loopDelay, () => this.#boot('sw-sys', false));
      return;
    }
    appStartLog(second.log, p, second.app.image, second.app.descriptor);
    this.#print(second.log.lines);
    this.#startApp(second.app.descriptor);
  }

  #startApp(d: AppDescriptor): void {
    const app = findEmulatorApp(d.projectName, this.#o.apps);
    const epoch = this.#epoch.signal;
    if (!app) {
      this.#send(
        `E (${Math.floor(this.#clock.now() - this.#bootAt)}) twinbench: no emulated app for project "${d.projectName}": register one with registerEmulatorApp('${d.projectName}', …) or hil emulate --app ${d.projectName}=COMMAND (built in: tb-console)\r\n`,
      );
      this.#setState('halted');
      return;
    }
    const ctx: EmulatorAppContext = {
      chip: this.chip,
      chipLabel: this.personality.label,
      arch: this.personality.arch,
      mac: this.mac,
      projectName: d.projectName,
      version: d.version,
      idfVer: d.idfVer,
      elfSha256: d.elfSha256,
      clock: this.#clock,
      uptimeMs: () => this.#clock.now() - this.#bootAt,
      write: (text) => {
        if (!epoch.aborted) this.#send(text.replace(/\r?\n/g, '\r\n'));
      },
      restart: (kind) => {
        if (epoch.aborted) return;
        queueMicrotask(() => {
          if (!epoch.aborted) this.#boot(kind === 'sw' ? 'sw-cpu' : 'panic', false);
        });
      },
    };
    this.#setState('app');
    if (typeof app === 'function') {
      this.#app = app(ctx);
      return;
    }
    const running = startExternalApp(app, ctx);
    this.#appExits.add(running.exited);
    void running.exited.then(() => this.#appExits.delete(running.exited));
    this.#app = running;
  }

  #loaderHost(): LoaderHost {
    const host: LoaderHost = {
      personality: this.personality,
      flash: this.flash,
      registers: this.#regs,
      // A session outlived by a reset (an answer still being computed) stays silent.
      sendFrame: (payload) => {
        if (this.#loader?.host === host) this.#tx.send(slipEncode(payload));
      },
      changeBaud: (baud) => {
        this.#boardBaud = baud;
        this.#tx.baud = baud;
      },
      runUserCode: () => this.#boot('sw-cpu', false),
      reboot: () => this.#boot('sw-sys', false),
      onStubStarted: () => this.#setState('stub'),
    };
    return host;
  }

  #received(bytes: Uint8Array, sentAt: number): void {
    const s = this.#state;
    if (s === 'download' && mismatch(sentAt, this.#boardBaud)) {
      // The ROM loader detects the host's rate from its SYNC frames (autobaud).
      this.#boardBaud = sentAt;
      this.#tx.baud = sentAt;
    }
    const data = this.#garbles() && mismatch(sentAt, this.#boardBaud) ? garble(bytes) : bytes;
    if ((s === 'download' || s === 'stub') && this.#loader) {
      for (const frame of this.#slip.push(data)) this.#loader.onFrame(frame);
    } else if (s === 'app') this.#app?.input(data);
  }

  #transmitted(bytes: Uint8Array, sentAt: number): void {
    const data = this.#garbles() && mismatch(sentAt, this.#hostBaud) ? garble(bytes) : bytes;
    for (const l of this.#listeners) l(data);
  }

  /** A USB-JTAG-serial port has no line rate: nothing to mismatch. */
  #garbles(): boolean {
    return (this.#o.strictBaud ?? true) && this.resetCircuit === 'classic';
  }
}

/** Creates (and powers on) an emulated board; `await using` closes it. */
export function createEmulatedBoard(options: EmulatedBoardOptions): EmulatedBoard {
  return new EmulatedBoard(options);
}
