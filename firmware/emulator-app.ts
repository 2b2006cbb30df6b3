/**
 * The host node as the emulated ESP32's app: when a board boots an image whose app descriptor says
 * `twinbench-node`, the emulator calls this factory, which starts the host program with the board's
 * UART as its console. It is a factory rather than a plain command so a software restart
 * (`reboot` on the console or as a command) is a real ESP32 restart: the program exits with
 * EMULATOR_RESTART_EXIT_CODE and the board resets (SW_CPU_RESET, boot log, app again).
 *
 * Settings survive the restarts like NVS: one state file per board MAC in `stateDir`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorAppContext, EmulatorAppFactory, RunningEmulatorApp } from '../hil/index.ts';
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
    const child = spawn(binary, [], {
      env: {
        ...process.env,
        ...options.env,
        TB_NODE_STATE: join(stateDir, `${ctx.mac.replaceAll(':', '')}.json`),
        TB_EMU_CHIP: ctx.chip,
        TB_EMU_MAC: ctx.mac,
        TB_EMU_APP_VERSION: ctx.version,
        TB_EMU_PROJECT_NAME: ctx.projectName,
        TB_EMU_IDF_VER: ctx.idfVer,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stopped = false;
    const out = (chunk: Buffer) => {
      if (!stopped) ctx.write(chunk.toString('utf8'));
    };
    child.stdout.on('data', out);
    child.stderr.on('data', out);
    child.stdin.on('error', () => {});
    child.once('error', (e) => {
      if (stopped) return;
      stopped = true;
      ctx.write(`E (${ms()}) twinbench: cannot start ${binary}: ${e.message}\n`);
    });
    child.once('exit', (code, signal) => {
      if (stopped) return;
      stopped = true;
      if (code === EMULATOR_RESTART_EXIT_CODE) return ctx.restart('sw');
      if (code === 0) return ctx.write(`I (${ms()}) main_task: Returned from app_main()\n`);
      ctx.write(`\nE (${ms()}) twinbench: the app ended with ${signal ?? `exit code ${code}`}\n`);
      ctx.restart('panic');
    });
    let lastWasCr = false;
    return {
      input(bytes) {
        if (stopped || !child.stdin.writable) return;
        const converted: number[] = [];
        for (const b of bytes) {
          // The UART's CR and CRLF become LF, as ESP-IDF's stdin does.
          if (b === 0x0a && lastWasCr) {
            lastWasCr = false;
            continue;
          }
          lastWasCr = b === 0x0d;
          converted.push(b === 0x0d ? 0x0a : b);
        }
        child.stdin.write(Uint8Array.from(converted));
      },
      stop() {
        stopped = true;
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  };
}
