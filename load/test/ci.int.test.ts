// What CI runs: `twinbench load` against a running platform, a one-minute script whose ensure
// thresholds pass, and at the same time a script whose threshold no platform meets, which must fail
// with artillery's own message. Both through the CLI, as a CI job calls it.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startPlatformProcess,
  startStack,
  type StartedPlatform,
  type StartedStack,
} from '../../stack/index.ts';
import type { ArtilleryJson, LossReport } from '../index.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'twinbench.js');

let stack: StartedStack;
let platform: StartedPlatform;
let out: string;

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'twinbench-load-'));
  stack = await startStack({ mode: (process.env.TWINBENCH_TEST_STACK as 'local' | undefined) ?? 'local' });
  platform = await startPlatformProcess(stack.info, { config: { logLevel: 'warn' } });
});

afterAll(async () => {
  await platform?.stop();
  await stack?.stop();
  await rm(out, { recursive: true, force: true });
});

function twinbenchLoad(script: string, dir: string): Promise<{ code: number; output: string }> {
  const args = [BIN, 'load', script, '--target', platform.url, '--mqtt-url', stack.info.mqttUrl];
  args.push('--influx-url', stack.info.influx.url, '--influx-db', stack.info.influx.db, '--out', dir);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TWINBENCH_TOKEN: platform.token ?? '' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

describe('twinbench load in CI', () => {
  it("passes a one-minute steady fleet and fails the must-fail script with artillery's message", async () => {
    const passDir = path.join(out, 'pass');
    const failDir = path.join(out, 'fail');
    const [pass, fail] = await Promise.all([
      twinbenchLoad(path.join(ROOT, 'scenarios/load/steady-fleet.yml'), passDir),
      twinbenchLoad(path.join(ROOT, 'load/test/fixtures/must-fail.yml'), failDir),
    ]);

    // The must-fail run: artillery's own check line and its exit code.
    expect(fail.output).toMatch(/fail: twinbench\.publish_to_twin\.max < 1/);
    expect(fail.code).toBe(1);

    // The steady fleet: every ensure check ok, nothing lost, artillery's JSON and the HTML report.
    expect(pass.output, pass.output.slice(-3000)).toMatch(/ok: twinbench\.publish_to_twin\.p99 < 500/);
    expect(pass.output).not.toMatch(/^fail: /m);
    expect(pass.code).toBe(0);
    const report = JSON.parse(
      await readFile(path.join(passDir, 'steady-fleet.json'), 'utf8'),
    ) as ArtilleryJson;
    const sent = report.aggregate.counters?.['twinbench.telemetry.sent'] ?? 0;
    expect(sent).toBeGreaterThan(1000);
    expect(report.aggregate.counters?.['twinbench.messages.acknowledged']).toBeGreaterThan(sent);
    expect(report.intermediate.length).toBeGreaterThan(3);
    const loss = JSON.parse(
      await readFile(path.join(passDir, 'steady-fleet.loss.json'), 'utf8'),
    ) as LossReport;
    expect(loss.sent).toBe(sent);
    expect(loss.influx?.stored).toBe(sent);
    expect(loss.lost).toBe(0);
    const html = await readFile(path.join(passDir, 'steady-fleet.html'), 'utf8');
    expect(html).toContain('Publish → twin latency');
    expect(html.match(/<path d="M/g)?.length ?? 0).toBeGreaterThan(3);
  }, 150_000);
});
