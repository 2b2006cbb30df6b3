// The platform process loads only what it runs: no container tooling (testcontainers) and nothing of
// stack/. Checked on the real process, started against a real broker and database, by recording every
// module it loads through Node's module hooks.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type StartedStack } from '../../stack/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOOK = fileURLToPath(new URL('./record-modules.ts', import.meta.url));
const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

let stack: StartedStack;
let dir: string;
beforeAll(async () => {
  stack = await startStack({ mode: 'local' });
  dir = await mkdtemp(join(tmpdir(), 'tb-modules-'));
});
afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs node with the recording hook; resolves with the loaded module URLs once `until` says so. */
async function loadedBy(
  args: string[],
  record: string,
  until: (stdout: string) => boolean,
  during: (stdout: string) => Promise<void> = async () => undefined,
): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', HOOK, ...args], {
    cwd: ROOT,
    env: { ...process.env, TB_MODULE_RECORD: record },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (until(stdout)) resolve();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    void exited.then((code) =>
      until(stdout) ? resolve() : reject(new Error(`exited ${code} before ready: ${stderr.slice(-2000)}`)),
    );
  });
  await during(stdout);
  child.kill('SIGTERM');
  await exited;
  return (await readFile(record, 'utf8')).split('\n').filter(Boolean);
}

describe('the platform process', () => {
  it('never loads testcontainers or stack/ while it starts, serves and stops', async () => {
    const config = {
      mqtt: { url: stack.mqttUrl },
      influx: { url: stack.influx.url, db: stack.influx.db },
      logLevel: 'warn',
    };
    const loaded = await loadedBy(
      [MAIN, JSON.stringify(config)],
      join(dir, 'platform.txt'),
      (out) => out.includes('"event":"ready"'),
      // Serve a little (lazily loaded code runs too): health, the OpenAPI document, history, the viewer.
      async (out) => {
        const { url } = JSON.parse(out.split('\n')[0] ?? '{}') as { url: string };
        for (const path of ['/health', '/docs/json', '/history/snapshot', '/viewer/', '/asyncapi.json'])
          expect((await fetch(`${url}${path}`)).status).toBeLessThan(500);
      },
    );
    // The record is real: it saw the platform, its plugins and its libraries.
    expect(loaded).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\/platform\/app\.ts$/),
        expect.stringMatching(/\/runtime\/influx\/influx-client\.ts$/),
        expect.stringMatching(/\/node_modules\/mqtt\//),
        expect.stringMatching(/\/node_modules\/fastify\//),
      ]),
    );
    expect(
      loaded.filter((u) => /\/node_modules\/(testcontainers|dockerode|docker-modem|ssh2)\//.test(u)),
    ).toEqual([]);
    expect(loaded.filter((u) => u.startsWith(`file://${ROOT}stack/`))).toEqual([]);
  });

  it('(control) the same recording sees testcontainers when a process does load it', async () => {
    const loaded = await loadedBy(
      ['--input-type=module', '-e', "await import('testcontainers'); console.log('loaded')"],
      join(dir, 'control.txt'),
      (out) => out.includes('loaded'),
    );
    expect(loaded.some((u) => u.includes('/node_modules/testcontainers/'))).toBe(true);
  });
});
