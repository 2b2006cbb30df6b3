// Platform ingest benchmark: devices publish telemetry over MQTT into a real stack and the platform
// process; we count what reaches the twins (WebSocket stream) and InfluxDB, and time publish → twin.
// Then the ceilings: the raw broker → subscriber rate (publishers added until it stops rising), the
// highest rate the platform holds with zero loss and p99 ≤ 50 ms as a ratio to it, and the command
// round trip REST → device → response → succeeded.
import { availableParallelism } from 'node:os';
import { InfluxClient, startPlatformProcess, startStack } from '../stack/index.ts';
import { commandLine, commandPhase } from './command-phase.ts';
import { LoadGenerator } from './load.ts';
import {
  bearer,
  countPoints,
  log,
  metricValue,
  processCpuMs,
  servicePid,
  sleep,
  waitFor,
} from './platform-probes.ts';
import { cpuLine, held, printResults, STREAM_SAMPLE, type PhaseResult } from './platform-report.ts';
import { machineTicks } from './proc.ts';
import { PublisherPool } from './publisher-pool.ts';
import { rawCeiling } from './raw-ceiling.ts';
import { fmt, progress, progressDone, Samples } from './stats.ts';

export interface PlatformBenchOptions {
  devices: number;
  connections: number;
  latencyRate: number;
  latencySeconds: number;
  throughputRate: number;
  throughputSeconds: number;
  /** Offered by each publisher worker while the raw ceiling is measured (more than one can send). */
  rawRate: number;
  rawSeconds: number;
  /** Publisher workers at most while looking for the raw ceiling. */
  maxPublishers: number;
  /** Seconds per step of the saturation phase. */
  saturationSeconds: number;
  commandRate: number;
  commandSeconds: number;
}

export const PLATFORM_BENCH_DEFAULTS: PlatformBenchOptions = {
  devices: 500,
  connections: 8,
  latencyRate: 5_000,
  latencySeconds: 10,
  throughputRate: 20_000,
  throughputSeconds: 15,
  rawRate: 100_000,
  rawSeconds: 3,
  maxPublishers: 4,
  saturationSeconds: 4,
  commandRate: 200,
  commandSeconds: 5,
};

/** Counts every telemetry message applied to a twin (the bench's messages all carry `sent`). */
const TWIN_UPDATES_METRIC = 'twinbench_publish_to_twin_seconds_count';

/** The processes whose CPU time each phase reports per message (pids; NaN where unknown). */
let cpuOf = { platform: Number.NaN, broker: Number.NaN, influxdb: Number.NaN };

export async function runPlatformBench(
  o: PlatformBenchOptions = PLATFORM_BENCH_DEFAULTS,
): Promise<PhaseResult[]> {
  log(`starting stack and platform (${o.devices} devices over ${o.connections} connections)`);
  await using stack = await startStack({ onProgress: log });
  await using platform = await startPlatformProcess(stack.info, {
    config: { logLevel: 'warn', heartbeatTimeoutMs: 600_000 },
    // e.g. BENCH_PLATFORM_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the platform.
    nodeArgs: process.env.BENCH_PLATFORM_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [],
    onLog: (line) => {
      if (process.env.BENCH_PLATFORM_LOG) console.error(`[platform] ${line}`);
    },
  });
  const runCommands = () =>
    commandPhase(stack.mqttUrl, platform.url, platform.wsUrl, o, platform.token, platform.pid);
  if (process.env.BENCH_ONLY === 'commands') {
    // The command round trip alone (seconds, not minutes): for profiling the command path.
    const commands = await runCommands();
    console.log(commandLine(commands));
    return [];
  }
  cpuOf = {
    platform: platform.pid,
    broker: servicePid(stack.service('mosquitto').info),
    influxdb: servicePid(stack.service('influxdb').info),
  };
  const influx = new InfluxClient({ url: stack.influx.url, db: stack.influx.db });
  const load = await LoadGenerator.connect(stack.mqttUrl, o.connections, 'bench-pub');
  const ids = Array.from({ length: o.devices }, (_, i) => `bench-${String(i).padStart(5, '0')}`);
  for (const [i, id] of ids.entries())
    load.publish(i, `tb/v1/${id}/status`, JSON.stringify({ online: true, type: 'env_sensor' }));
  await waitFor(async () => {
    const health = (await (await fetch(`${platform.url}/health`)).json()) as {
      devices: { registered: number };
    };
    return health.devices.registered >= o.devices;
  }, 30_000);

  // The observer: publish → twin latency of every STREAM_SAMPLE-th device, on the stream a viewer uses.
  // Watching all of them put JSON frames of every change into the platform being measured (~15 % of its
  // CPU) and their parsing into the bench's; every update is still counted, by the platform's counter.
  const sampled = ids.filter((_, i) => i % STREAM_SAMPLE === 0);
  const ws = new WebSocket(`${platform.wsUrl}/stream?kinds=telemetry&device=${sampled.join(',')}`, {
    headers: bearer(platform.token),
  });
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', reject, { once: true });
  });
  const observed: Observed = {
    seen: 0,
    lastSeenAt: 0,
    latencies: new Samples(),
    updates: () => metricValue(platform.url, platform.token, TWIN_UPDATES_METRIC),
  };
  ws.addEventListener('message', (e) => {
    const now = Date.now();
    const changes = JSON.parse(String(e.data)) as { sent?: number }[];
    for (const c of changes) if (c.sent !== undefined) observed.latencies.add(now - c.sent);
    observed.seen += changes.length;
    observed.lastSeenAt = performance.now();
  });

  const seqs = new Map<string, number>();
  const message = (i: number) => {
    const id = ids[i % ids.length] as string;
    const seq = (seqs.get(id) ?? 0) + 1;
    seqs.set(id, seq);
    return {
      topic: `tb/v1/${id}/telemetry`,
      payload: `{"seq":${seq},"sent":${Date.now()},"fields":{"temperature":${(20 + (i % 50) / 10).toFixed(1)},"humidity":41.5,"pressure":1013.2}}`,
    };
  };

  // Warm-up (not measured): JIT-compiles the hot paths of both processes and creates the series in InfluxDB.
  log('warm-up: 2,000 msg/s for 3 s (not measured)');
  const updatesBefore = await observed.updates();
  const warm = await load.drive(2_000, 3, message, 1);
  await waitFor(async () => (await observed.updates()) - updatesBefore >= warm.sent, 20_000).catch(
    () => undefined,
  );

  const results: PhaseResult[] = [];
  for (const [name, rate, seconds] of [
    ['latency', o.latencyRate, o.latencySeconds],
    ['throughput', o.throughputRate, o.throughputSeconds],
  ] as const) {
    log(`${name}: ${fmt(rate)} msg/s for ${seconds} s`);
    results.push(
      await measurePhase(name, rate, influx, observed, (onTick) =>
        load.drive(rate, seconds, message, 1, onTick),
      ),
    );
    await sleep(1_000);
  }
  await load.close();

  // The raw ceiling: publishers (worker threads) added until the plain subscriber's rate stops rising.
  const pool = new PublisherPool(stack.mqttUrl, ids);
  const raw = await rawCeiling(stack.mqttUrl, pool, o, cpuOf.broker);

  // Saturation: the offered rate stepped up from 40 % of raw by 10 % of raw until a step is not held;
  // when 40 % is not held, stepped down instead until one is (so the figure is a held rate either way).
  const saturation: PhaseResult[] = [];
  const step = async (share: number): Promise<boolean> => {
    const rate = Math.round((raw.rate * share) / 1_000) * 1_000;
    log(`saturation: ${fmt(rate)} msg/s (${fmt(share * 100)} % of raw) for ${o.saturationSeconds} s`);
    const r = await measurePhase(`sat ${fmt(share * 100)}%`, rate, influx, observed, () =>
      pool.drive('telemetry', rate, o.saturationSeconds),
    );
    saturation.push(r);
    log(
      `  ${held(r) ? 'held' : 'NOT held'}: lost ${fmt(r.lost)}, p99 ${fmt(r.p99, 1)} ms, ${fmt(r.drainMs)} ms behind, ` +
        `CPU µs/msg: ${cpuLine(r)}, ` +
        `machine ${fmt(r.machineBusyPct)} % busy (${availableParallelism()} cores)`,
    );
    // A step not held may leave a backlog: let it drain before the next.
    await sleep(held(r) ? 500 : 2_000);
    return held(r);
  };
  if (await step(0.4)) {
    for (let tenths = 5; tenths <= 12; tenths++) if (!(await step(tenths / 10))) break;
  } else {
    for (let tenths = 3; tenths >= 1; tenths--) if (await step(tenths / 10)) break;
  }
  // Let a backlog of the last step drain before the command phase.
  await sleep(1_000);
  await pool.close();
  ws.close();

  const commands = await runCommands();

  printResults(o, results, raw, saturation, commands);
  // (room for the mapped-profile phase: bench/platform-mapped-bench.ts)
  return [...results, ...saturation];
}

/** The sampled devices' changes on the stream, and the platform's count of every twin update. */
interface Observed {
  /** Changes of the sampled devices seen on the stream. */
  seen: number;
  lastSeenAt: number;
  latencies: Samples;
  updates: () => Promise<number>;
}

/** Drives one phase and counts what reached the twins (stream) and InfluxDB. */
async function measurePhase(
  name: string,
  rate: number,
  influx: InfluxClient,
  observed: Observed,
  drive: (onTick: (elapsedMs: number) => void) => Promise<{ sent: number; ms: number }>,
): Promise<PhaseResult> {
  observed.latencies = new Samples();
  const seenBefore = observed.seen;
  const updatesBefore = await observed.updates();
  const startMs = Date.now();
  const cpu0 = { platform: 0, broker: 0, influxdb: 0 };
  for (const k of Object.keys(cpuOf) as (keyof typeof cpuOf)[]) cpu0[k] = processCpuMs(cpuOf[k]);
  const bench0 = process.cpuUsage();
  const machine0 = machineTicks();
  const t0 = performance.now();
  const { sent, ms } = await drive((elapsed) =>
    progress(
      `  ${fmt(elapsed / 1000, 1)} s  sampled devices' twin changes ${fmt(observed.seen - seenBefore)}`,
    ),
  );
  const twinChanges = await waitFor(async () => {
    const n = (await observed.updates()) - updatesBefore;
    return n >= sent ? n : false;
  }, 30_000).catch(async () => (await observed.updates()) - updatesBefore);
  progressDone();
  const perMsg = (ms: number) => (ms * 1000) / Math.max(1, sent);
  const bench = process.cpuUsage(bench0);
  const cpuUs = {
    platform: perMsg(processCpuMs(cpuOf.platform) - cpu0.platform),
    broker: perMsg(processCpuMs(cpuOf.broker) - cpu0.broker),
    influxdb: perMsg(processCpuMs(cpuOf.influxdb) - cpu0.influxdb),
    bench: perMsg((bench.user + bench.system) / 1000),
  };
  const machine = machineTicks();
  const machineBusyPct = (100 * (machine.busy - machine0.busy)) / (machine.total - machine0.total);
  const ingestMs = Math.max(ms, observed.lastSeenAt - t0);
  const influxPoints = await waitFor(async () => {
    const n = await countPoints(influx, startMs);
    return n >= sent ? n : false;
  }, 30_000).catch(() => countPoints(influx, startMs));
  const [p50, p99, max] = observed.latencies.percentiles([50, 99, 100]);
  return {
    name,
    targetRate: rate,
    sent,
    publishRate: (sent / ms) * 1000,
    twinChanges,
    ingestRate: (Math.min(twinChanges, sent) / ingestMs) * 1000,
    influxPoints,
    // Lost = not in InfluxDB (what acknowledged means); a change the stream did not show within 30 s
    // leaves "twin changes" short of "sent" (a slow observer, or the stream's own bound), not lost.
    lost: Math.max(0, sent - influxPoints),
    drainMs: Math.max(0, observed.lastSeenAt - (t0 + ms)),
    p50: p50 as number,
    p99: p99 as number,
    max: max as number,
    cpuUs,
    machineBusyPct,
  };
}
