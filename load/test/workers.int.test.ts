// Several artillery processes on one host (`twinbench load --workers 2`): each runs the whole script
// with devices of its own, writes its own report, and the loss count covers them all.
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
import { readLedger, runLoadTest, type ArtilleryJson } from '../index.ts';

const SCRIPT = fileURLToPath(new URL('fixtures/short.yml', import.meta.url));

let stack: StartedStack;
let platform: StartedPlatform;
let out: string;

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'twinbench-workers-'));
  stack = await startStack({ mode: (process.env.TWINBENCH_TEST_STACK as 'local' | undefined) ?? 'local' });
  platform = await startPlatformProcess(stack.info, { config: { logLevel: 'warn' } });
});

afterAll(async () => {
  await platform?.stop();
  await stack?.stop();
  await rm(out, { recursive: true, force: true });
});

describe('twinbench load --workers', () => {
  it('runs two artillery processes whose devices never collide, and counts loss over both', async () => {
    const lines: string[] = [];
    const run = await runLoadTest({
      script: SCRIPT,
      target: platform.url,
      token: platform.token,
      mqttUrl: stack.info.mqttUrl,
      influx: stack.info.influx,
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
