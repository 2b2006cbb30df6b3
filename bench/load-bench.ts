// Load-test benchmark: what artillery with the twinbench engine sustains against our platform on this
// machine, side by side in one run with the simulator's own rate and the raw broker rate (ratios).
// Not to be confused with bench/load.ts, the MQTT.js publisher pool the platform bench drives.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { runLoadTest, type ArtilleryJson } from '../load/index.ts';
import { startFleet } from '../simulator/index.ts';
import { startPlatformProcess, startStack } from '../stack/index.ts';
import { LoadGenerator } from './load.ts';
import { fmt } from './stats.ts';

export interface LoadBenchOptions {
  /** Virtual users (= devices) artillery starts. */
  devices: number;
  /** Steps of telemetry messages per device per second (one `publish: { count }` and `think: 1` per loop): one artillery run each. */
  perDeviceRates: number[];
  /** A step is sustained when publish → twin p99 stays under this (ms), nothing is lost and no VU fails. */
  maxP99Ms: number;
  /** Seconds each device publishes. */
  seconds: number;
  /** Devices of the simulator's own run (same count by default). */
  simDevices: number;
  /** Virtual seconds the simulator publishes (one message per device per virtual second). */
  simSeconds: number;
  /** Raw broker: messages/s offered, and for how long. */
  rawRate: number;
  rawSeconds: number;
}

export const LOAD_BENCH_DEFAULTS: LoadBenchOptions = {
  devices: 1_000,
  perDeviceRates: [2, 5],
  maxP99Ms: 1_000,
  seconds: 30,
  simDevices: 1_000,
  simSeconds: 30,
  rawRate: 60_000,
  rawSeconds: 5,
};

interface Row {
  path: string;
  devices: number;
  rate: number;
  note: string;
  /** Engine steps: the platform kept up (see maxP99Ms). */
  sustained?: boolean;
  p99?: number;
}

const ARRIVALS_PER_S = 100;

function script(o: LoadBenchOptions, perDeviceRate: number): string {
  return `config:
  target: http://127.0.0.1:1
  phases:
    - name: arrive
      duration: ${Math.max(1, Math.ceil(o.devices / ARRIVALS_PER_S))}
      arrivalRate: ${ARRIVALS_PER_S}
  engines:
    twinbench: { deviceType: env_sensor, timeout: 30s }
scenarios:
  - engine: twinbench
    flow:
      - connect: env_sensor
      - loop:
          - publish: { count: ${perDeviceRate} }
          - think: 1
        count: ${o.seconds}
      - disconnect: {}
`;
}

/** Per-period rates (messages/s) of a counter, in periods at least 5 s wide. */
function periodRates(report: ArtilleryJson, counter = 'twinbench.telemetry.sent'): number[] {
  return report.intermediate
    .map((p) => {
      const sent = p.counters?.[counter] ?? 0;
      const width = ((p.lastMetricAt ?? 0) - (p.firstMetricAt ?? 0)) / 1000;
      return width >= 5 ? sent / width : Number.NaN;
    })
    .filter((r) => Number.isFinite(r) && r > 0);
}

export async function runLoadBench(o: LoadBenchOptions = LOAD_BENCH_DEFAULTS): Promise<Row[]> {
  const log = (m: string) => console.error(`[bench] ${m}`);
  log('starting stack and platform');
  await using stack = await startStack({ onProgress: log });
  await using platform = await startPlatformProcess(stack.info, {
    config: { logLevel: 'warn', heartbeatTimeoutMs: 600_000 },
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'twinbench-load-bench-'));
  const rows: Row[] = [];
  try {
    // 1. Raw broker: MQTT.js publishers (QoS 1) to a plain subscriber, nothing else in the path.
    log(`raw broker: ${fmt(o.rawRate)} msg/s offered for ${o.rawSeconds} s`);
    const sub = await mqtt.connectAsync(stack.mqttUrl, { clientId: 'load-bench-sub', reconnectPeriod: 0 });
    let seen = 0;
    let lastAt = 0;
    sub.on('message', () => {
      seen++;
      lastAt = performance.now();
    });
    await sub.subscribeAsync('bench/raw/#', { qos: 1 });
    const gen = await LoadGenerator.connect(stack.mqttUrl, 8, 'load-bench-pub');
    const t0 = performance.now();
    const raw = await gen.drive(o.rawRate, o.rawSeconds, (i) => ({
      topic: `bench/raw/${i % 1000}`,
      payload: '{"v":1}',
    }));
    const until = Date.now() + 20_000;
    while (seen < raw.sent && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const rawRate = (seen / Math.max(raw.ms, lastAt - t0)) * 1000;
    await gen.close();
    await sub.endAsync();
    rows.push({
      path: 'raw broker (MQTT.js → subscriber)',
      devices: 8,
      rate: rawRate,
      note: `${fmt(seen)} of ${fmt(raw.sent)} received`,
    });

    // 2. The simulator's own rate: a fleet on a paused clock jumps ahead; every publish is acknowledged.
    log(`simulator: ${fmt(o.simDevices)} devices, ${o.simSeconds} virtual seconds at one message a second`);
    const fleet = await startFleet(
      {
        name: 'load-bench',
        seed: 7,
        rampUpPerSecond: 2_000,
        groups: [{ type: 'env_sensor', count: o.simDevices, publishIntervalMs: 1_000 }],
      },
      { mqttUrl: stack.mqttUrl, clock: { speed: 0 } },
    );
    const before = fleet.stats().telemetry;
    const s0 = performance.now();
    await fleet.advance(o.simSeconds * 1_000);
    const simMs = performance.now() - s0;
    const simSent = fleet.stats().telemetry - before;
    await fleet.stop();
    rows.push({
      path: 'simulator fleet (advance, acked)',
      devices: o.simDevices,
      rate: (simSent / simMs) * 1000,
      note: `${fmt(simSent)} messages`,
    });

    // 3. artillery with the twinbench engine (one worker thread on 2 cores), devices publishing in real
    // time, one run per step of offered rate.
    for (const perDeviceRate of o.perDeviceRates) {
      const offered = o.devices * perDeviceRate;
      log(
        `artillery: ${fmt(o.devices)} devices × ${perDeviceRate} msg/s (${fmt(offered)} msg/s offered) for ${o.seconds} s`,
      );
      const file = path.join(dir, `bench-load-${perDeviceRate}.yml`);
      await writeFile(file, script(o, perDeviceRate));
      let lastLine = '';
      const run = await runLoadTest({
        script: file,
        target: platform.url,
        mqttUrl: stack.mqttUrl,
        influx: stack.info.influx,
        outDir: dir,
        onLine: (line) => (lastLine = line || lastLine),
      });
      const report = JSON.parse(await readFile(run.reports[0] as string, 'utf8')) as ArtilleryJson;
      const rates = periodRates(report).sort((a, b) => a - b);
      const twinRates = periodRates(report, 'twinbench.twin.updates').sort((a, b) => a - b);
      const p99s = report.intermediate.map((p) => p.summaries?.['twinbench.publish_to_twin']?.p99 ?? NaN);
      const c = report.aggregate.counters ?? {};
      const lat = report.aggregate.summaries?.['twinbench.publish_to_twin'];
      const p99 = lat?.p99 ?? Number.NaN;
      const failed = c['vusers.failed'] ?? 0;
      rows.push({
        path: `engine, ${fmt(offered)}/s offered`,
        devices: c['twinbench.devices.connected'] ?? 0,
        rate: rates.at(-1) ?? Number.NaN,
        sustained: p99 < o.maxP99Ms && run.loss.lost === 0 && failed === 0,
        p99,
        note: `sent per period ${rates.map((r) => fmt(r)).join(', ')}/s; twin updates peak ${fmt(twinRates.at(-1) ?? NaN)}/s; p99 per period ${p99s.map((v) => fmt(v)).join(', ')} ms; publish→twin p50 ${fmt(lat?.p50 ?? NaN)} p99 ${fmt(p99)} ms; lost ${run.loss.lost} of ${fmt(run.loss.sent)} (InfluxDB holds ${fmt(run.loss.influx?.stored ?? NaN)}, twins behind ${run.loss.twins.behind}, platform dropped ${run.loss.historyDropped ?? '?'}); failed VUs ${failed}${run.exitCode ? `; artillery: ${lastLine}` : ''}`,
      });
    }

    const rawRow = rows[0] as Row;
    const simRow = rows[1] as Row;
    console.log('\npath                                  devices      msg/s   vs raw   vs simulator');
    for (const r of rows) {
      console.log(
        `${r.path.padEnd(36)} ${fmt(r.devices).padStart(8)} ${fmt(r.rate).padStart(10)} ${fmt((r.rate / rawRow.rate) * 100, 1).padStart(7)} % ${fmt((r.rate / simRow.rate) * 100, 1).padStart(10)} %`,
      );
    }
    for (const r of rows) console.log(`  ${r.path}: ${r.note}`);
    const kept = rows.filter((r) => r.sustained).sort((a, b) => b.rate - a.rate)[0];
    console.log(
      kept
        ? `sustained (p99 < ${fmt(o.maxP99Ms)} ms, nothing lost, no failed VU): ${fmt(kept.devices)} devices, ${fmt(kept.rate)} msg/s = ${fmt((kept.rate / rawRow.rate) * 100, 1)} % of raw, ${fmt((kept.rate / simRow.rate) * 100, 1)} % of the simulator`
        : `sustained: no step kept publish → twin p99 under ${fmt(o.maxP99Ms)} ms; try lower BENCH_LOAD_PER_DEVICE_RATES`,
    );
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The defaults, overridden by BENCH_LOAD_DEVICES, BENCH_LOAD_PER_DEVICE_RATES (e.g. `2,3,5`), BENCH_LOAD_SECONDS, … */
export function loadBenchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): LoadBenchOptions {
  const o = { ...LOAD_BENCH_DEFAULTS };
  for (const key of Object.keys(o) as (keyof LoadBenchOptions)[]) {
    const v = env[`BENCH_LOAD_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`];
    if (!v) continue;
    if (key === 'perDeviceRates') o.perDeviceRates = v.split(',').map(Number);
    else o[key] = Number(v);
  }
  return o;
}
