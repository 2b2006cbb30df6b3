/**
 * The host node as the emulated ESP32's app: when a board boots an image whose app descriptor says
 * `twinbench-node`, the emulator calls this factory, which starts the host program with the board's
 * UART as its console. A software restart (`reboot` on the console or as a command) is a real ESP32
 * restart: the program exits with EMULATOR_RESTART_EXIT_CODE and the board resets (SW_CPU_RESET, boot
 * log, app again). A factory, so each board gets its own settings file and a missing build is said on
 * the console.
 *
 * Settings survive the restarts like NVS: one state file per board MAC in `stateDir`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startExternalApp,
  type EmulatorAppContext,
  type EmulatorAppFactory,
  type RunningEmulatorApp,
} from '../hil/index.ts';
import { hostNodeBinary } from './paths.ts';

/** The host node exits with this when it restarts under the emulator (host/host_restart.cpp). */
export const EMULATOR_RESTART_EXIT_CODE = 3;

export interface FirmwareEmulatorAppOptions {
  /** The program. Default firmware/build/host/twinbench-node (looked up when a board starts it). */
  binary?: string;
  /** Where each board's settings file (`<mac>.json`) goes. Default a temporary directory, removed at exit. */
  stateDir?: string;
  /** Extra environment for the program (e.g. TB_NODE_MQTT to skip provisioning). */
  env?: Record<string, string>;
}

export function firmwareEmulatorApp(options: FirmwareEmulatorAppOptions = {}): EmulatorAppFactory {
  let stateDir = options.stateDir;
  return (ctx: EmulatorAppContext): RunningEmulatorApp => {
    const binary = options.binary ?? hostNodeBinary();
    const ms = () => Math.floor(ctx.uptimeMs());
    if (!existsSync(binary)) {
      ctx.write(
        `E (${ms()}) twinbench: ${binary} is not built: run \`npx twinbench firmware build\`, then flash again\n`,
      );
      return { input() {}, stop() {} };
    }
    if (stateDir === undefined) {
      const made = mkdtempSync(join(tmpdir(), 'twinbench-nvs-'));
      process.once('exit', () => rmSync(made, { recursive: true, force: true }));
      stateDir = made;
    }
    // The emulator's own host-program app (UART as stdin/stdout, killed on reset); a restart is an exit code.
    return startExternalApp(
      {
        command: binary,
        env: { ...options.env, TB_NODE_STATE: join(stateDir, `${ctx.mac.replaceAll(':', '')}.json`) },
        restartExitCode: EMULATOR_RESTART_EXIT_CODE,
      },
      ctx,
    );
  };
}
