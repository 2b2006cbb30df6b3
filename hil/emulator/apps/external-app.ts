import { spawn } from 'node:child_process';
import { panicText } from './panic-text.ts';
import type { EmulatorAppCommand, EmulatorAppContext, RunningEmulatorApp } from './types.ts';

/**
 * Runs a host program as the board's app: stdout and stderr go out on the UART (LF → CRLF), what
 * the UART receives goes to stdin (CR and CRLF → LF, as ESP-IDF's stdin does). Killed (SIGKILL) on
 * stop. Exiting 0 is `Returned from app_main()`; `spec.restartExitCode` is esp_restart() (a software
 * reset); any other exit is an abort() and a reboot.
 */
export function startExternalApp(
  spec: EmulatorAppCommand,
  ctx: EmulatorAppContext,
): RunningEmulatorApp & { exited: Promise<void> } {
  let stopped = false;
  const child = spawn(spec.command, spec.args ?? [], {
    cwd: spec.cwd,
    env: {
      ...process.env,
      ...spec.env,
      TB_EMU_CHIP: ctx.chip,
      TB_EMU_MAC: ctx.mac,
      TB_EMU_APP_VERSION: ctx.version,
      TB_EMU_PROJECT_NAME: ctx.projectName,
      TB_EMU_IDF_VER: ctx.idfVer,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const out = (chunk: Buffer) => {
    if (!stopped) ctx.write(chunk.toString('utf8'));
  };
  child.stdout.on('data', out);
  child.stderr.on('data', out);
  child.stdin.on('error', () => {}); // the program may exit with input pending
  child.once('error', (e) => {
    if (stopped) return;
    stopped = true;
    ctx.write(
      `E (${Math.floor(ctx.uptimeMs())}) twinbench: cannot start the app for project "${ctx.projectName}" (${spec.command}): ${e.message}\n`,
    );
  });
  child.once('exit', (code, signal) => {
    if (stopped) return;
    stopped = true;
    if (spec.restartExitCode !== undefined && code === spec.restartExitCode) {
      ctx.restart('sw');
      return;
    }
    if (code === 0) {
      ctx.write(`I (${Math.floor(ctx.uptimeMs())}) main_task: Returned from app_main()\n`);
      return;
    }
    ctx.write(`\n[app exited with ${signal ?? `code ${code}`}]\n`);
    ctx.write(panicText(ctx.arch, 'abort', ctx.elfSha256));
    ctx.restart('panic');
  });
  let lastWasCr = false;
  return {
    exited,
    input(bytes) {
      if (stopped || !child.stdin.writable) return;
      const outBytes: number[] = [];
      for (const b of bytes) {
        if (b === 0x0a && lastWasCr) {
          lastWasCr = false;
          continue;
        }
        lastWasCr = b === 0x0d;
        outBytes.push(b === 0x0d ? 0x0a : b);
      }
      child.stdin.write(Uint8Array.from(outBytes));
    },
    stop() {
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
