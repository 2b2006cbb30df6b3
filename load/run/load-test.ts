/**
 * One load test against a running platform: artillery runs the script with the engine, then the run's
 * loss is counted and the HTML report written beside artillery's JSON. Bringing the platform up is the
 * caller's business (`twinbench load` does it with stack/).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LOAD_ERROR_CODES, LoadError } from '../errors.ts';
import { renderHtmlReport, type ArtilleryJson } from '../report/html-report.ts';
import { trustCa } from '../../runtime/index.ts';
import { startDeviceRegistrar } from './device-registrar.ts';
import { accountLoss, type LossReport } from './loss.ts';
import { runArtillery } from './run-artillery.ts';

export interface LoadTestOptions {
  /** The artillery script. Required. */
  script: string;
  /** The platform's URL. Required. */
  target: string;
  /** The devices' broker. Required. */
  mqttUrl: string;
  /** The platform's API token (docs/security.md), handed to the engine as TWINBENCH_TOKEN. Default: none. */
  token?: string | undefined;
  /** InfluxDB behind the platform, for the exact loss count. Default: twins only. */
  influx?: { url: string; db: string; auth?: { username: string; password: string } } | undefined;
  /** Where reports go. Default `reports/load`. */
  outDir?: string;
  /** artillery processes on this host (each runs the whole script). Default 1. */
  workers?: number;
  /** Device id prefix (ids are `<prefix>-t1-env-00001`). Default `ld<run id>`, new every run. */
  idPrefix?: string;
  /** Fail (exit code 1) when more messages than this were lost. Default: report only. */
  maxLoss?: number;
  /** Each line artillery prints. Default: to stdout. */
  onLine?: (line: string, worker: number) => void;
  /**
   * Device auth (docs/security.md): every virtual device logs in as itself, with a password derived
   * from `secret`; `register` gives the broker their ids as the engine asks for them (a StartedStack's
   * addDevices). Default: devices use the broker URL's login.
   */
  deviceAuth?: { secret: string; register(ids: readonly string[]): Promise<void> } | undefined;
  /** A CA file to trust besides the system's (the stack's `ca.crt` with --tls): this process and artillery's. */
  caFile?: string | undefined;
}

export interface LoadTestResult {
  /** artillery's exit code (1 when an `ensure` check failed), or 1 when loss passed `maxLoss`. */
  exitCode: number;
  /** artillery's JSON, one per worker. */
  reports: string[];
  html: string;
  lossJson: string;
  loss: LossReport;
  checks: string[][];
  output: string[][];
}

export async function runLoadTest(o: LoadTestOptions): Promise<LoadTestResult> {
  if (!existsSync(o.script)) {
    throw new LoadError(
      LOAD_ERROR_CODES.SCRIPT_NOT_FOUND,
      `No load script at ${o.script}; give the path of an artillery YAML script (examples: scenarios/load/)`,
    );
  }
  const outDir = o.outDir ?? path.join('reports', 'load');
  await mkdir(outDir, { recursive: true });
  const name = path.basename(o.script).replace(/\.(ya?ml|json)$/, '');
  const base = path.join(outDir, name);
  const ledgerPath = `${base}.ledger.jsonl`;
  await rm(ledgerPath, { force: true });
  const sinceMs = Date.now() - 1_000;
  const idPrefix = o.idPrefix ?? `ld${Date.now().toString(36).slice(-5)}`;
  if (o.caFile) trustCa(o.caFile); // the loss count's fetches to an HTTPS platform
  const registrar = o.deviceAuth
    ? await startDeviceRegistrar({ idPrefix, mqttUrl: o.mqttUrl, ...o.deviceAuth })
    : undefined;
  const env: NodeJS.ProcessEnv = {
    ...(o.token ? { TWINBENCH_TOKEN: o.token } : {}),
    ...(o.caFile ? { NODE_EXTRA_CA_CERTS: o.caFile } : {}),
    ...(o.deviceAuth && registrar
      ? { TWINBENCH_DEVICE_SECRET: o.deviceAuth.secret, TWINBENCH_LOAD_REGISTER: registrar.url }
      : {}),
  };
  const run = await runArtillery({
    script: o.script,
    target: o.target,
    mqttUrl: o.mqttUrl,
    outputBase: base,
    ledgerPath,
    idPrefix,
    ...(o.workers ? { workers: o.workers } : {}),
    ...(o.onLine ? { onLine: o.onLine } : {}),
    env,
  }).finally(() => registrar?.close());
  const reports: ArtilleryJson[] = [];
  for (const file of run.reports) {
    try {
      reports.push(JSON.parse(await readFile(file, 'utf8')) as ArtilleryJson);
    } catch {
      // artillery failed before writing it: its output says why
    }
  }
  const rejected = reports.reduce(
    (n, r) => n + (r.aggregate.counters?.['twinbench.messages.rejected'] ?? 0),
    0,
  );
  const loss = await accountLoss({
    ledgerPath,
    target: o.target,
    token: o.token,
    influx: o.influx,
    sinceMs,
    rejected,
  });
  const lossJson = `${base}.loss.json`;
  await writeFile(lossJson, `${JSON.stringify(loss, null, 2)}\n`);
  let exitCode = run.exitCode;
  if (o.maxLoss !== undefined && loss.lost > o.maxLoss) exitCode = 1;
  const html = `${base}.html`;
  await writeFile(
    html,
    renderHtmlReport({
      title: `Load test ${name}`,
      script: o.script,
      target: o.target,
      reports,
      checks: run.checks,
      exitCode,
      loss,
    }),
  );
  return { exitCode, reports: run.reports, html, lossJson, loss, checks: run.checks, output: run.output };
}
