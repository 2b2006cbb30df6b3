import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EmulatorAppContext } from '../hil/index.ts';
import { EMULATOR_RESTART_EXIT_CODE, firmwareEmulatorApp } from './emulator-app.ts';

/** A fake board: what the app wrote, and the restarts it asked for. */
function fakeBoard() {
  let written = '';
  const restarts: string[] = [];
  const waiters: (() => void)[] = [];
  const ctx = {
    chip: 'esp32',
    chipLabel: 'ESP32',
    arch: 'xtensa',
    mac: '24:0a:c4:00:00:07',
    projectName: 'twinbench-node',
    version: '9.9.9',
    idfVer: 'v5.3.1',
    elfSha256: '00',
    clock: undefined as never,
    uptimeMs: () => 1234,
    write: (text: string) => {
      written += text;
      for (const w of waiters.splice(0)) w();
    },
    restart: (kind: 'sw' | 'panic') => {
      restarts.push(kind);
      for (const w of waiters.splice(0)) w();
    },
  } satisfies EmulatorAppContext;
  const until = (ok: () => boolean) =>
    vi.waitFor(() => {
      if (!ok()) throw new Error(`not yet; written so far: ${written}`);
    });
  return { ctx, restarts, written: () => written, until };
}

describe('firmwareEmulatorApp', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  function script(body: string): { binary: string; dir: string } {
    const dir = mkdtempSync(join(tmpdir(), 'tb-emu-app-'));
    dirs.push(dir);
    const binary = join(dir, 'node.sh');
    writeFileSync(binary, `#!/bin/sh\n${body}\n`);
    chmodSync(binary, 0o755);
    return { binary, dir };
  }

  it('runs the program with the board identity and a per-MAC state file, the UART as its console', async () => {
    const { binary, dir } = script(
      'read line; echo "got:$line $TB_EMU_CHIP $TB_EMU_MAC $TB_EMU_APP_VERSION $TB_NODE_STATE"; exit 0',
    );
    const board = fakeBoard();
    const app = firmwareEmulatorApp({ binary, stateDir: dir })(board.ctx);
    app.input(new TextEncoder().encode('status\r\n'));
    await board.until(() => board.written().includes('Returned from app_main()'));
    expect(board.written()).toContain(
      `got:status esp32 24:0a:c4:00:00:07 9.9.9 ${join(dir, '240ac4000007.json')}`,
    );
    expect(board.restarts).toEqual([]);
  });

  it('turns the restart exit code into a software reset of the board', async () => {
    const { binary } = script(`echo rebooting; exit ${EMULATOR_RESTART_EXIT_CODE}`);
    const board = fakeBoard();
    firmwareEmulatorApp({ binary })(board.ctx);
    await board.until(() => board.restarts.length > 0);
    expect(board.restarts).toEqual(['sw']);
    expect(board.written()).toContain('rebooting');
  });

  it('treats any other exit as a crash', async () => {
    const { binary } = script('exit 7');
    const board = fakeBoard();
    firmwareEmulatorApp({ binary })(board.ctx);
    await board.until(() => board.restarts.length > 0);
    expect(board.restarts).toEqual(['panic']);
    expect(board.written()).toContain('[app exited with code 7]');
    expect(board.written()).toContain('abort()');
  });

  it('says how to build it when the program is missing', () => {
    const board = fakeBoard();
    firmwareEmulatorApp({ binary: '/nonexistent/twinbench-node' })(board.ctx);
    expect(board.written()).toContain(
      '/nonexistent/twinbench-node is not built: run `npx twinbench firmware build`',
    );
  });

  it('stops the program when the board resets', async () => {
    const { binary, dir } = script(`echo $$ > "${'$'}(dirname "$0")/pid"; echo started; exec sleep 30`);
    const board = fakeBoard();
    const app = firmwareEmulatorApp({ binary })(board.ctx);
    await board.until(() => board.written().includes('started'));
    const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    app.stop();
    await vi.waitFor(() => expect(() => process.kill(pid, 0)).toThrow());
    expect(board.restarts).toEqual([]);
  });
});
