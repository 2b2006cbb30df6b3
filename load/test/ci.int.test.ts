// What CI runs: `twinbench load` against a running platform, a one-minute script whose ensure
// thresholds pass, and at the same time a script whose threshold no platform meets, which must fail
// with artillery's own message. Both through the CLI, as a CI job calls it. Meanwhile (a concurrent
// test on the same stack), several artillery processes on one host (`twinbench load --workers 2`): each
// runs the whole script with devices of its own, writes its own report, and the loss count covers them
// all.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLedger, runLoadTest, type ArtilleryJson, type LossReport } from '../index.ts';
import { loadTarget, useLoadStack } from './load-stack.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'twinbench.js');
const SHORT = fileURLToPath(new URL('fixtures/short.yml', import.meta.url));

const t = useLoadStack('load');

function twinbenchLoad(script: string, dir: string): Promise<{ code: number; output: string }> {
  const { stack, platform } = t;
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

describe.concurrent('twinbench load in CI, and --workers at the same time', () => {
  it("passes a one-minute steady fleet and fails the must-fail script with artillery's message", async () => {
    const passDir = path.join(t.out, 'pass');
    const failDir = path.join(t.out, 'fail');
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

  it('runs two artillery processes whose devices never collide, and counts loss over both', async () => {
    const out = path.join(t.out, 'workers');
    const lines: string[] = [];
    const run = await runLoadTest({
      script: SHORT,
      ...loadTarget(t),
      outDir: out,
      workers: 2,
      idPrefix: 'wk',
      onLine: (line, worker) => lines.push(`[w${worker}] ${line}`),
    });
    expect(run.exitCode, lines.slice(-40).join('\n')).toBe(0);
    expect(run.reports.map((r) => path.basename(r))).toEqual(['short-1.json', 'short-2.json']);
    const reports = await Promise.all(
      run.reports.map(async (r) => JSON.parse(await readFile(r, 'utf8')) as ArtilleryJson),
    );
    const sent = reports.map((r) => r.aggregate.counters?.['twinbench.telemetry.sent'] ?? 0);
    expect(sent.every((n) => n > 0)).toBe(true);
    for (const checks of run.checks) {
      expect(checks).toContain('ok: twinbench.messages.rejected == 0');
      expect(checks.some((c) => c.startsWith('fail'))).toBe(false);
    }

    const ledger = await readLedger(path.join(out, 'short.ledger.jsonl'));
    const created = reports.reduce((n, r) => n + (r.aggregate.counters?.['vusers.created'] ?? 0), 0);
    expect(ledger).toHaveLength(created);
    expect(new Set(ledger.map((e) => e.id.split('-')[1]))).toEqual(new Set(['p1t1', 'p2t1']));
    expect(run.loss).toMatchObject({ devices: created, sent: sent[0]! + sent[1]!, lost: 0 });
    expect(run.loss.influx?.stored).toBe(sent[0]! + sent[1]!);
  });
});
