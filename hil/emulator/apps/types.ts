import type { HilClock } from '../../clock.ts';
import type { ChipName } from '../../image/chips.ts';

/** What an app running on the emulated board can see and do. */
export interface EmulatorAppContext {
  chip: ChipName;
  /** `ESP32`, `ESP32-S3`, `ESP32-C3`. */
  chipLabel: string;
  arch: 'xtensa' | 'riscv';
  /** The efuse MAC, `aa:bb:cc:dd:ee:ff`. */
  mac: string;
  projectName: string;
  version: string;
  idfVer: string;
  elfSha256: string;
  clock: HilClock;
  /** Ms since the chip started. */
  uptimeMs(): number;
  /** Writes text to the UART (LF becomes CRLF, as ESP-IDF's console does). */
  write(text: string): void;
  /** Restarts the chip: `sw` as esp_restart() does, `panic` after a panic or abort. */
  restart(kind: 'sw' | 'panic'): void;
}

/** A running app: gets the UART's received bytes, is stopped on every reset. */
export interface RunningEmulatorApp {
  input(bytes: Uint8Array): void;
  stop(): void;
}

/** An app written in TypeScript, run in-process (the built-in console app is one). */
export type EmulatorAppFactory = (ctx: EmulatorAppContext) => RunningEmulatorApp;

/**
 * An external program run as the app: its stdin/stdout(/stderr) are the UART, started after the
 * boot log and killed on every reset. Its environment adds TB_EMU_CHIP, TB_EMU_MAC,
 * TB_EMU_APP_VERSION, TB_EMU_PROJECT_NAME and TB_EMU_IDF_VER.
 */
export interface EmulatorAppCommand {
  command: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  /**
   * An exit code that means "restart me" (esp_restart()): the board resets with SW_CPU_RESET, prints
   * its boot log and starts the app again. Default: none (0 returns from app_main, others abort).
   */
  restartExitCode?: number;
}

export type EmulatorApp = EmulatorAppCommand | EmulatorAppFactory;
