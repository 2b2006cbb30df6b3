import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../test-support.ts';

const run = promisify(execFile);
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const client = fileURLToPath(new URL('../../hil/emulator/fixtures/pyserial-client.py', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('twinbench hil emulate', () => {
  it('serves a preloaded board over RFC 2217 until SIGTERM and keeps its flash file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-emulate-'));
    dirs.push(dir);
    const flashFile = join(dir, 'esp32.bin');
    const child = spawn(
      process.execPath,
      [
        BIN,
        'hil',
        'emulate',
        '--chip',
        'esp32',
        '--rfc2217-port',
        '0',
        '--preload',
        'tb-console',
        '--flash-file',
        flashFile,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /ESP32 emulator on (rfc2217:\/\/127\.0\.0\.1:(\d+))[\s\S]*Ctrl-C stops it/.exec(out);
          if (m) resolve(m[1] ?? '');
        });
        child.once('exit', () => reject(new Error(`exited before serving:\n${out}`)));
      });
      expect(out).toMatch(
        /MAC 24:0a:c4:[0-9a-f:]{8}, 4 MB flash in .*esp32\.bin, classic reset circuit, lines reset mode/,
      );
      const port = url.split(':').pop() ?? '';
      const { stdout } = await run(python, [client, port, 'boot'], { timeout: 30_000 });
      expect((JSON.parse(stdout) as { boot: string }).boot).toMatch(/app_init: Project name: {5}tb-console/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const flash = readFileSync(flashFile);
    expect(flash.length).toBe(4 * 1024 * 1024);
    expect(flash[0x10000]).toBe(0xe9); // the preloaded app stayed in the file
  });

  it('refuses an unknown chip with the choices', async () => {
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [BIN, 'hil', 'emulate', '--chip', 'esp8266'], (err, _o, stderr) =>
        resolve({ code: err ? Number(err.code) : 0, stderr }),
      );
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/use esp32, esp32s3 or esp32c3/);
  });
});
