// `twinbench simulate --workers 2`: one fleet over two simulator processes with one set of figures, and a
// run that fails naming the worker when one of them dies.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStack, type StartedStack } from '../stack/index.ts';
import { BIN, runCli } from './test-support.ts';

const FLEET = `name: split
groups:
  - type: env_sensor
    count: 10
    publishIntervalMs: 60000
  - type: smart_breaker
    count: 10
    publishIntervalMs: 60000
`;

let stack: StartedStack;
let dir: string;
let fleetFile: string;

beforeAll(async () => {
  stack = await startStack({ mode: 'local' });
  dir = await mkdtemp(path.join(os.tmpdir(), 'tb-workers-cli-'));
  fleetFile = path.join(dir, 'fleet.yaml');
  await writeFile(fleetFile, FLEET);
});

afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

const args = () => [
  'simulate',
  '--fleet',
  fleetFile,
  '--stack',
  'external',
  '--mqtt-url',
  stack.mqttUrl,
  '--no-platform',
  '--workers',
  '2',
  '--seed',
  '3',
  '--start',
  '2026-01-05T08:00:00Z',
  '--speed',
  '0',
];

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('runs the fleet over two processes with one status line for the whole fleet', async () => {
  const res = await runCli([...args(), '--advance', '10m']);
  expect(res.code, res.stderr).toBe(0);
  expect(res.stderr).toMatch(/worker 0: pid \d+, 10 devices \(share 0 of 2\) from 127\.0\.0\.2/);
  expect(res.stderr).toMatch(/worker 1: pid \d+, 10 devices \(share 1 of 2\) from 127\.0\.0\.3/);
  const up = res.stderr.split('\n').filter((l) => l.includes('fleet up in'));
  expect(up).toHaveLength(1);
  expect(up[0]).toContain('20/20 connected');
  expect(res.stderr).toContain('advanced virtual time by 10m to 2026-01-05T08:10:00.000Z');
  expect(res.stdout).toMatch(/summary: 20\/20 connected · \d+ published/);
  for (const pid of res.stderr.matchAll(/worker \d: pid (\d+)/g)) expect(alive(Number(pid[1]))).toBe(false);
});

it('fails the run, naming the worker, when a worker is killed', async () => {
  const cli = spawn(process.execPath, [BIN, ...args()], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  const pids = new Promise<number[]>((resolve) => {
    cli.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('paused clock')) {
        resolve([...stderr.matchAll(/worker \d: pid (\d+)/g)].map((m) => Number(m[1])));
      }
    });
  });
  const exited = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
  const [first, second] = await pids;
  process.kill(second as number, 'SIGKILL');
  expect(await exited).toBe(1);
  expect(stderr).toMatch(
    new RegExp(
      `twinbench: simulator worker 1 \\(share 1 of 2, pid ${second}, 10 devices from 127\\.0\\.0\\.3\\) was killed by SIGKILL before the run ended.*\\[TB_ERR_SIMULATOR_WORKER_FAILED\\]`,
    ),
  );
  // The other worker was stopped, not left behind.
  expect(alive(first as number)).toBe(false);
});
