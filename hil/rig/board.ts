/**
 * A board from the rig, started: its port found (by identity first, so a USB-JTAG-serial board that
 * re-enumerated after a reset is found again), locked, its link open at the console baud rate and a
 * console attached with a log file. Builder → started board → `stop()` (or `await using`).
 *
 * ```ts
 * await using dut = await new BoardBuilder(board).withLogDir('reports/hil').start();
 * await dut.flash([{ name: 'app', address: 0x10000, data }]);
 * await dut.console.expect('app_main', { timeoutMs: 5000 });
 * ```
 */
import { join } from 'node:path';
import { realClock, type HilClock } from '../clock.ts';
import { HIL_ERROR_CODES, HilError } from '../errors.ts';
import type { FlashFile } from '../flash/check-files.ts';
import type { FlashCache } from '../flash/flash-cache.ts';
import { flash, type FlashOptions, type FlashReport } from '../flash/flasher.ts';
import { BoardConsole } from '../console/board-console.ts';
import { openLink, type OpenLinkOptions } from '../link/open-link.ts';
import { listPorts, type DiscoveredPort } from '../link/ports.ts';
import { runResetSequence } from '../link/reset-sequence.ts';
import type { SerialLink } from '../link/serial-link.ts';
import { tracedLink, type TraceSink } from '../link/trace.ts';
import { acquireBoardLock, type BoardLock } from './board-lock.ts';
import { formatLinkSpec, type LinkSpec } from './link-spec.ts';
import { RIG_DEFAULTS, type RigBoard } from './rig-file.ts';

export interface BoardBuilderOptions {
  locksDir: string;
  /** Console logs go to `<logDir>/<board>.log`; none when undefined. */
  logDir: string | undefined;
  trace: TraceSink | undefined;
  cache: FlashCache | undefined;
  clock: HilClock;
  purpose: string | undefined;
  /** Port discovery (tests inject a list). */
  listPorts: () => Promise<DiscoveredPort[]>;
  /** How links are opened (emulator boards, tests). */
  link: OpenLinkOptions;
}

export class BoardBuilder {
  private readonly board: RigBoard;
  private readonly o: BoardBuilderOptions;

  constructor(board: RigBoard, options: Partial<BoardBuilderOptions> = {}) {
    this.board = board;
    this.o = {
      locksDir: RIG_DEFAULTS.locks,
      logDir: undefined,
      trace: undefined,
      cache: undefined,
      clock: realClock,
      purpose: undefined,
      listPorts: () => listPorts(),
      link: {},
      ...options,
    };
  }

  withLogDir(dir: string | undefined): this {
    this.o.logDir = dir;
    return this;
  }
  withTrace(sink: TraceSink | undefined): this {
    this.o.trace = sink;
    return this;
  }
  withFlashCache(cache: FlashCache | undefined): this {
    this.o.cache = cache;
    return this;
  }
  withClock(clock: HilClock): this {
    this.o.clock = clock;
    return this;
  }
  withPurpose(purpose: string): this {
    this.o.purpose = purpose;
    return this;
  }
  withLinkOptions(link: OpenLinkOptions): this {
    this.o.link = link;
    return this;
  }

  async start(): Promise<StartedBoard> {
    const { spec, port } = await this.resolve();
    const lockKey = identityKey(this.board, spec, port);
    const lock =
      spec.kind === 'emulator'
        ? undefined // in-process: nobody else can reach it
        : await acquireBoardLock(this.o.locksDir, lockKey, {
            board: this.board.name,
            ...(this.o.purpose ? { purpose: this.o.purpose } : {}),
          });
    let link: SerialLink | undefined;
    try {
      const raw = await openLink(spec, { ...this.o.link, ...(port ? { usb: port } : {}) });
      link = this.o.trace ? tracedLink(raw, this.o.trace) : raw;
      await link.open({ baudRate: this.board.baud });
    } catch (e) {
      await link?.close().catch(() => {});
      await lock?.release();
      throw e;
    }
    const console = new BoardConsole({
      name: this.board.name,
      clock: this.o.clock,
      ...(this.o.logDir ? { logFile: join(this.o.logDir, `${this.board.name}.log`) } : {}),
    }).attach(link);
    return new StartedBoard(this.board, link, console, lock, lockKey, this.o);
  }

  /** Identity first (serial number, then location), then the port the rig names. */
  private async resolve(): Promise<{ spec: LinkSpec; port?: DiscoveredPort }> {
    const { identity, port, name } = this.board;
    if (identity.serialNumber || identity.location) {
      const ports = await this.o.listPorts();
      const found =
        ports.find((p) => identity.serialNumber && p.serialNumber === identity.serialNumber) ??
        ports.find((p) => identity.location && p.location === identity.location);
      if (found) return { spec: { kind: 'serialport', path: found.path }, port: found };
      if (!port || port.kind !== 'serialport') {
        throw new HilError(
          HIL_ERROR_CODES.RIG_NO_BOARD,
          `Board ${name} (${describeIdentity(this.board)}) is not connected: no port has that identity. ` +
            `'twinbench hil ports' lists what is; check the cable, or update the rig file.`,
        );
      }
    }
    if (!port) {
      throw new HilError(
        HIL_ERROR_CODES.RIG_NO_BOARD,
        `Board ${name} has neither a port nor an identity in the rig.`,
      );
    }
    if (port.kind === 'serialport') {
      const listed = (await this.o.listPorts().catch(() => [])).find((p) => p.path === port.path);
      return listed ? { spec: port, port: listed } : { spec: port };
    }
    return { spec: port };
  }
}

export interface BoardFlashOptions extends Omit<
  FlashOptions,
  'files' | 'chip' | 'bootloaderReset' | 'appReset' | 'cache' | 'clock' | 'trace'
> {
  /** Skip unchanged images (default true when the builder has a cache). */
  useCache?: boolean;
}

export class StartedBoard implements AsyncDisposable {
  readonly name: string;
  readonly board: RigBoard;
  readonly link: SerialLink;
  readonly console: BoardConsole;
  /** The key its lock and flash cache use (`serial:…`, `location:…`, the port). */
  readonly identityKey: string;
  /** MAC reported by the ROM loader at the last flash. */
  mac: string | undefined;
  private readonly lock: BoardLock | undefined;
  private readonly o: BoardBuilderOptions;
  private stopped = false;

  constructor(
    board: RigBoard,
    link: SerialLink,
    console: BoardConsole,
    lock: BoardLock | undefined,
    key: string,
    o: BoardBuilderOptions,
  ) {
    this.name = board.name;
    this.board = board;
    this.link = link;
    this.console = console;
    this.lock = lock;
    this.identityKey = key;
    this.o = o;
  }

  /**
   * Flashes through esptool-js (images checked first), then resets into the app with the console
   * listening from the first byte of the boot log.
   */
  async flash(files: readonly FlashFile[], options: BoardFlashOptions = {}): Promise<FlashReport> {
    this.console.pause();
    let report: FlashReport;
    try {
      report = await flash(this.link, {
        baudRate: this.board.flashBaud,
        romBaudRate: this.board.baud,
        ...options,
        files,
        ...(this.board.chip && isCheckedChip(this.board.chip) ? { chip: this.board.chip } : {}),
        ...(this.board.reset.bootloader ? { bootloaderReset: this.board.reset.bootloader } : {}),
        appReset: 'none',
        clock: this.o.clock,
        ...(this.o.trace ? { trace: this.o.trace } : {}),
        ...(this.o.cache && options.useCache !== false
          ? { cache: { cache: this.o.cache, board: this.identityKey } }
          : {}),
      });
    } finally {
      this.console.clear();
      this.console.resume();
    }
    this.mac = report.mac;
    const want = this.board.identity.mac?.toLowerCase();
    if (want && report.mac.toLowerCase() !== want) {
      throw new HilError(
        HIL_ERROR_CODES.RIG_NO_BOARD,
        `Board ${this.name} on ${this.link.info.path} has MAC ${report.mac}, but the rig says ${want}: two boards swapped ports? Fix the cables or the rig file.`,
      );
    }
    await this.reset();
    return report;
  }

  /** Runs a reset sequence (default the rig's `reset.app`); `clearConsole` (default true) drops old output first. */
  async reset(
    sequence: string = this.board.reset.app,
    options: { clearConsole?: boolean } = {},
  ): Promise<void> {
    if (options.clearConsole !== false) this.console.clear();
    await runResetSequence(this.link, sequence, { clock: this.o.clock });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.console.close();
    await this.link.close().catch(() => {});
    await this.lock?.release();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

const CHECKED_CHIPS = new Set(['esp32', 'esp32s3', 'esp32c3']);
function isCheckedChip(chip: string): chip is 'esp32' | 'esp32s3' | 'esp32c3' {
  return CHECKED_CHIPS.has(chip);
}

function describeIdentity(b: RigBoard): string {
  return [
    b.identity.serialNumber && `serial ${b.identity.serialNumber}`,
    b.identity.location && `location ${b.identity.location}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** The identity locks and the flash cache use: the most stable thing known about the board. */
export function identityKey(board: RigBoard, spec: LinkSpec, port?: DiscoveredPort): string {
  const serial = board.identity.serialNumber ?? port?.serialNumber;
  if (serial) return `serial:${serial}`;
  const location = board.identity.location ?? port?.location;
  if (location) return `location:${location}`;
  if (board.identity.mac) return `mac:${board.identity.mac.toLowerCase()}`;
  return spec.kind === 'emulator' ? `emulator:${board.name}` : formatLinkSpec(spec);
}
