// Platform ingest benchmark: devices publish telemetry over MQTT into a real stack and the platform
// process; we count what reaches the twins (WebSocket stream) and InfluxDB, and time publish → twin.
// Then the ceilings: the raw broker → subscriber rate (publishers added until it stops rising), the
// highest rate the platform holds with zero loss and p99 ≤ 50 ms as a ratio to it, and the command
// round trip REST → device → response → succeeded.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import mqtt, { type MqttClient } from 'mqtt';
import { pubacks } from '../runtime/index.ts';
import { InfluxClient, startPlatformProcess, startStack } from '../stack/index.ts';
import { keepAlivePoster } from './http-post.ts';
import { LoadGenerator } from './load.ts';
import type { CommandDeviceMessage, CommandDeviceWorkerData } from './command-device-worker.ts';
import type { DriveRequest, DriveResult, PublisherWorkerData } from './publisher-worker.ts';
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

/** Handed to MQTT.js's handleMessage callback: it then skips its PUBACK (the raw subscriber sends them). */
const ACK_SENT_BY_BENCH = new Error('acknowledged by the bench');

/** The stream observer watches one device in this many for publish → twin latency. */
const STREAM_SAMPLE = 10;
/** Counts every telemetry message applied to a twin (the bench's messages all carry `sent`). */
const TWIN_UPDATES_METRIC = 'twinbench_publish_to_twin_seconds_count';

/** What "held" means in the saturation phase. */
const HELD_P99_MS = 50;
const HELD_DRAIN_MS = 1_000;

interface PhaseResult {
  name: string;
  targetRate: number;
  sent: number;
  publishRate: number;
  twinChanges: number;
  ingestRate: number;
  influxPoints: number;
  lost: number;
  /** From the last publish to the last twin change: how far ingest lagged behind at the end. */
  drainMs: number;
  p50: number;
  p99: number;
  max: number;
  /**
   * CPU time (user + system) per message sent, over the phase and its drain, in µs: the platform,
   * Mosquitto, InfluxDB and the bench process (its publisher threads and the stream observer).
   */
  cpuUs: { platform: number; broker: number; influxdb: number; bench: number };
  /** How busy the machine's cores were over the phase (every process, other users' too), 0–100. */
  machineBusyPct: number;
}

interface CommandResult {
  rate: number;
  sent: number;
  succeeded: number;
  refused: number;
  p50: number;
  p99: number;
  max: number;
}

const log = (m: string) => console.error(`[bench] ${m}`);

/** Busy and total ticks of all cores so far, from /proc/stat (Linux); NaNs elsewhere. */
function machineTicks(): { busy: number; total: number } {
  try {
    const cpu =
      readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    // idle and iowait are the 4th and 5th.
    return { busy: total - (cpu[3] ?? 0) - (cpu[4] ?? 0), total };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}
/** The processes whose CPU time each phase reports per message (pids; NaN where unknown). */
let cpuOf = { platform: Number.NaN, broker: Number.NaN, influxdb: Number.NaN };

/** A stack service's host process: its pid, or a container's main process (docker inspect). */
function servicePid(info: { kind: string; id: string }): number {
  if (info.kind === 'process') return Number(info.id);
  if (info.kind !== 'container') return Number.NaN;
  try {
    return Number(execFileSync('docker', ['inspect', '-f', '{{.State.Pid}}', info.id], { encoding: 'utf8' }));
  } catch {
    return Number.NaN;
  }
}

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
  const raw = await rawCeiling(stack.mqttUrl, pool, o);

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

/** Held: the offered rate was published, nothing lost, every change streamed, p99 within 50 ms, at most 1 s behind. */
function held(r: PhaseResult): boolean {
  return (
    r.publishRate >= r.targetRate * 0.98 &&
    r.lost === 0 &&
    r.twinChanges >= r.sent &&
    r.p99 <= HELD_P99_MS &&
    r.drainMs <= HELD_DRAIN_MS
  );
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

/** Publisher worker threads, each with its own connections and share of the devices. */
class PublisherPool {
  readonly #url: string;
  readonly #ids: string[];
  readonly #workers: Worker[] = [];

  constructor(url: string, ids: string[]) {
    this.#url = url;
    this.#ids = ids;
  }

  get size(): number {
    return this.#workers.length;
  }

  /** Stops the workers there are and starts `n`, worker k publishing for every n-th device from k. */
  async resize(n: number): Promise<void> {
    await this.close();
    for (let k = 0; k < n; k++) {
      const data: PublisherWorkerData = {
        url: this.#url,
        connections: 4,
        prefix: `bench-w${k}`,
        devices: this.#ids.filter((_, i) => i % n === k),
      };
      const worker = new Worker(fileURLToPath(new URL('./publisher-worker.ts', import.meta.url)), {
        workerData: data,
      });
      await new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
      });
      this.#workers.push(worker);
    }
  }

  /** Every worker drives its share of `rate` for `seconds`; sent is the sum, ms the longest. */
  async drive(kind: DriveRequest['kind'], rate: number, seconds: number): Promise<DriveResult> {
    const share = rate / this.#workers.length;
    const results = await Promise.all(
      this.#workers.map(
        (w) =>
          new Promise<DriveResult>((resolve) => {
            w.once('message', (r: DriveResult) => resolve(r));
            w.postMessage({ kind, rate: share, seconds } satisfies DriveRequest);
          }),
      ),
    );
    return {
      sent: results.reduce((n, r) => n + r.sent, 0),
      ms: Math.max(...results.map((r) => r.ms)),
    };
  }

  async close(): Promise<void> {
    await Promise.all(
      this.#workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            w.once('message', () => resolve());
            w.postMessage('close');
          }),
      ),
    );
    await Promise.all(this.#workers.splice(0).map((w) => w.terminate()));
  }
}

interface RawCeiling {
  rate: number;
  publishers: number;
  /** `cpuUs`: CPU µs per message received of the broker and of the bench process (publishers, subscriber). */
  steps: { publishers: number; offered: number; rate: number; cpuUs: number }[];
  /** CPU µs per message of the step that gave the ceiling. */
  cpuUs: number;
}

/**
 * The raw broker → subscriber rate: a plain MQTT.js subscriber (the platform's session settings: MQTT
 * 5, QoS 1, Receive Maximum 65 535) counts what it gets while 1, 2, … publisher workers each offer
 * `rawRate`; workers are added until the rate rises by less than 5 %. Every worker is then dealt its
 * share of the devices for the saturation phase.
 */
async function rawCeiling(url: string, pool: PublisherPool, o: PlatformBenchOptions): Promise<RawCeiling> {
  const sub: MqttClient = await mqtt.connectAsync(url, {
    clientId: 'bench-raw-sub',
    log: () => undefined,
    protocolVersion: 5,
    reconnectPeriod: 0,
    properties: { receiveMaximum: 65_535 },
  });
  let got = 0;
  let lastAt = 0;
  // PUBACKs of one event-loop turn in one buffer, as the platform sends its own (MQTT.js's own PUBACKs,
  // a few chunks each, piled up past a million chunks while the broker was slow to read them, and the
  // socket's writev failed with EINVAL: the "0 msg/s" step).
  let owed: number[] = [];
  const sendAcks = () => {
    const ids = owed;
    owed = [];
    if (sub.connected) sub.stream.write(pubacks(ids));
  };
  sub.handleMessage = (packet, done) => {
    got++;
    lastAt = performance.now();
    if (packet.qos === 1 && packet.messageId !== undefined) {
      if (owed.length === 0) setImmediate(sendAcks);
      owed.push(packet.messageId);
    }
    done(ACK_SENT_BY_BENCH);
  };
  let lost: Error | undefined;
  sub.on('error', (err) => (lost = err));
  sub.on('close', () => (lost ??= new Error('connection closed')));
  await sub.subscribeAsync('bench/raw/#', { qos: 1 });
  const steps: RawCeiling['steps'] = [];
  let best = { rate: 0, publishers: 0, cpuUs: Number.NaN };
  for (let n = 1; n <= o.maxPublishers; n++) {
    await pool.resize(n);
    const offered = o.rawRate * n;
    log(`raw broker: ${n} publisher worker(s) offering ${fmt(offered)} msg/s for ${o.rawSeconds} s`);
    const before = got;
    const machine0 = machineTicks();
    const broker0 = processCpuMs(cpuOf.broker);
    const bench0 = process.cpuUsage();
    const t0 = performance.now();
    const drove = await pool.drive('raw', offered, o.rawSeconds);
    // End to end: everything published, over the time until the subscriber had the last of it.
    await waitFor(async () => got - before >= drove.sent || lost !== undefined, 30_000).catch(
      () => undefined,
    );
    const received = got - before;
    if (lost) {
      // A figure from a dead subscriber would be a wrong ceiling: stop at the last good step.
      log(`  the raw subscriber lost its connection (${lost.message}); ceiling from the steps before`);
      break;
    }
    const rate = (received / Math.max(drove.ms, lastAt - t0)) * 1000;
    const bench = process.cpuUsage(bench0);
    const cpuUs =
      ((processCpuMs(cpuOf.broker) - broker0) * 1000 + bench.user + bench.system) / Math.max(1, received);
    steps.push({ publishers: n, offered, rate, cpuUs });
    const machine = machineTicks();
    const busy = (100 * (machine.busy - machine0.busy)) / (machine.total - machine0.total);
    log(
      `  ${fmt(rate)} msg/s (${fmt(received)} of ${fmt(drove.sent)} received), machine ${fmt(busy)} % busy, ` +
        `CPU ${fmt(cpuUs, 1)} µs/msg (broker + bench)`,
    );
    if (rate > best.rate * 1.05) best = { rate, publishers: n, cpuUs };
    else break;
  }
  await sub.endAsync();
  // The pool for the saturation phase: as many workers as gave the ceiling.
  if (pool.size !== best.publishers) await pool.resize(best.publishers);
  return { ...best, steps };
}

/**
 * Commands at `commandRate`/s for `commandSeconds`: REST POST → the platform publishes → a device
 * (an MQTT.js client that answers at once) → its response → `succeeded` on the stream, timed from
 * the POST.
 */
async function commandPhase(
  url: string,
  apiUrl: string,
  wsUrl: string,
  o: PlatformBenchOptions,
  token: string | undefined,
  platformPid: number,
): Promise<CommandResult> {
  // Timed on a platform at rest: the backlog of an earlier phase (a saturation step not held) is
  // ingested and written first, or the round trip would time that backlog instead.
  const waitedMs = await untilIdle(apiUrl, token);
  if (waitedMs > 1_000) log(`commands: waited ${fmt(waitedMs / 1000, 1)} s for the platform to catch up`);
  const n = 20;
  const ids = Array.from({ length: n }, (_, i) => `bench-cmd-${String(i).padStart(2, '0')}`);
  // The devices answer from a worker thread (bench/command-device-worker.ts), so their answers do not
  // wait for this event loop (HTTP client, stream observer); they say when each command reached them,
  // for where the time goes: POST → the device, and the device → succeeded on the stream.
  const reachedAt = new Map<string, number>();
  const deviceData: CommandDeviceWorkerData = { url, ids };
  const deviceWorker = new Worker(fileURLToPath(new URL('./command-device-worker.ts', import.meta.url)), {
    workerData: deviceData,
  });
  await new Promise<void>((resolve, reject) => {
    deviceWorker.on('message', (m: CommandDeviceMessage) => {
      if (m.kind === 'ready') resolve();
      else for (const [id, at] of m.at) reachedAt.set(id, at - performance.timeOrigin);
    });
    deviceWorker.once('error', reject);
  });
  await waitFor(
    async () => (await fetch(`${apiUrl}/devices/${ids.at(-1)}`, { headers: bearer(token) })).status === 200,
    10_000,
  );
  const ws = new WebSocket(`${wsUrl}/stream?kinds=command`, { headers: bearer(token) });
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', reject, { once: true });
  });
  const postedAt = new Map<string, number>();
  const succeededAt = new Map<string, number>();
  const latencies = new Samples();
  const answered = new Samples();
  let succeeded = 0;
  ws.addEventListener('message', (e) => {
    const now = performance.now();
    for (const c of JSON.parse(String(e.data)) as { command?: { id: string; status: string } }[]) {
      if (c.command?.status !== 'succeeded') continue;
      const at = postedAt.get(c.command.id);
      if (at === undefined) continue;
      latencies.add(now - at);
      succeededAt.set(c.command.id, now);
      succeeded++;
    }
  });
  // Sends `total` commands at the phase's rate; only `measured` ones are timed.
  let refused = 0;
  const http = keepAlivePoster();
  const drive = async (prefix: string, total: number, measured: boolean): Promise<void> => {
    const requests: Promise<unknown>[] = [];
    const start = performance.now();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) * o.commandRate) / 1000)) - sent;
      for (let k = 0; k < due; k++) {
        const id = `${prefix}${sent}`;
        const device = ids[sent % n] as string;
        sent++;
        const at = performance.now();
        if (measured) postedAt.set(id, at);
        requests.push(
          http
            .post(`${apiUrl}/devices/${device}/commands`, JSON.stringify({ id, name: 'open' }), bearer(token))
            .then((status) => {
              if (!measured) return;
              answered.add(performance.now() - at);
              if (status !== 202) refused++;
            }),
        );
      }
      await sleep(5);
    }
    await Promise.all(requests);
  };
  // Warm-up (not timed): opens the HTTP client's connections and compiles both ends' command paths,
  // which otherwise put the first commands' 20–40 ms into the p99.
  await drive('bench-warm-', o.commandRate, false);
  await sleep(500);
  log(`commands: ${o.commandRate}/s for ${o.commandSeconds} s (REST → device → response → succeeded)`);
  // The bench's own stalls (its devices, HTTP client and stream observer share one event loop).
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const writesBefore = await influxWrites(apiUrl, token);
  const cpuBefore = process.cpuUsage();
  const platformCpuBefore = processCpuMs(platformPid);
  const total = o.commandRate * o.commandSeconds;
  await drive('bench-cmd-', total, true);
  const sent = total;
  http.close();
  await waitFor(async () => succeeded + refused >= total, 10_000).catch(() => undefined);
  ws.close();
  deviceWorker.postMessage('stop');
  await new Promise((resolve) => deviceWorker.once('exit', resolve));
  const out = new Samples();
  const back = new Samples();
  for (const [id, done] of succeededAt) {
    const reached = reachedAt.get(id);
    const posted = postedAt.get(id);
    if (reached === undefined || posted === undefined) continue;
    out.add(reached - posted);
    back.add(done - reached);
  }
  const [p50, p99, max] = latencies.percentiles([50, 99, 100]);
  delay.disable();
  const cpu = process.cpuUsage(cpuBefore);
  const platformCpuMs = processCpuMs(platformPid) - platformCpuBefore;
  const writes = (await influxWrites(apiUrl, token)) - writesBefore;
  const parts = (s: Samples) => s.percentiles([50, 99, 100]).map((v) => fmt(v ?? Number.NaN, 1));
  log(
    `  p50/p99/max ms: POST → device ${parts(out).join('/')}, device → succeeded ${parts(back).join('/')}, ` +
      `POST → 202 answered ${parts(answered).join('/')}; the bench's event loop delay p99 ` +
      `${fmt(delay.percentile(99) / 1e6, 1)} ms, max ${fmt(delay.max / 1e6, 1)} ms, its CPU ` +
      `${fmt((cpu.user + cpu.system) / 1000 / Math.max(1, sent), 2)} ms a command, the platform's ` +
      `${fmt(platformCpuMs / Math.max(1, sent), 2)} ms and ${fmt(writes / Math.max(1, sent), 2)} InfluxDB writes`,
  );
  return {
    rate: o.commandRate,
    sent,
    succeeded,
    refused,
    p50: p50 as number,
    p99: p99 as number,
    max: max as number,
  };
}

function printResults(
  o: PlatformBenchOptions,
  results: PhaseResult[],
  raw: RawCeiling,
  saturation: PhaseResult[],
  commands: CommandResult,
): void {
  console.log(
    `\nplatform ingest (publish → twin: every ${STREAM_SAMPLE}th device on the WebSocket, every update counted; and into InfluxDB)`,
  );
  console.log(
    'phase        target/s    sent    published/s  ingested/s  twin changes  influx points  lost  drain ms  p50 ms  p99 ms  max ms  busy %  CPU µs/msg',
  );
  for (const r of [...results, ...saturation]) {
    console.log(
      [
        r.name.padEnd(10),
        fmt(r.targetRate).padStart(9),
        fmt(r.sent).padStart(9),
        fmt(r.publishRate).padStart(12),
        fmt(r.ingestRate).padStart(11),
        fmt(r.twinChanges).padStart(13),
        fmt(r.influxPoints).padStart(14),
        fmt(r.lost).padStart(5),
        fmt(r.drainMs).padStart(9),
        fmt(r.p50, 1).padStart(8),
        fmt(r.p99, 1).padStart(7),
        fmt(r.max, 1).padStart(7),
        fmt(r.machineBusyPct).padStart(7),
        ` ${cpuLine(r)}`,
        saturation.includes(r) ? (held(r) ? '  held' : '  NOT held') : '',
      ].join(' '),
    );
  }
  console.log(
    `raw broker → plain subscriber (MQTT 5, QoS 1): ${raw.steps
      .map((s) => `${s.publishers} publisher(s) ${fmt(s.rate)} msg/s`)
      .join(', ')}; ceiling ${fmt(raw.rate)} msg/s${
      raw.publishers === o.maxPublishers
        ? ` (still rising at ${o.maxPublishers} publishers: raise BENCH_MAX_PUBLISHERS)`
        : ''
    }`,
  );
  const best = saturation.filter(held).sort((a, b) => b.targetRate - a.targetRate)[0];
  // What the machine's cores allow each path: the platform path's CPU per message (in its busiest phase,
  // where fixed costs weigh least) against the raw one's.
  const first = [...results, ...saturation].sort((a, b) => b.publishRate - a.publishRate)[0];
  if (first) {
    const cores = availableParallelism();
    const c = first.cpuUs;
    const platformPath = c.platform + c.broker + c.influxdb + c.bench;
    console.log(
      `CPU per message: raw path ${fmt(raw.cpuUs, 1)} µs (broker + bench), platform path ${fmt(platformPath, 1)} µs ` +
        `(${first.name}: ${cpuLine(first)}); ${cores} cores allow at most ${fmt((cores * 1e6) / raw.cpuUs)} and ` +
        `${fmt((cores * 1e6) / platformPath)} msg/s: ${fmt((raw.cpuUs / platformPath) * 100)} % of raw if CPU is the limit`,
    );
    // Mosquitto is one thread: the raw ceiling is about one core of broker. What the platform's own cost
    // would allow where the broker, InfluxDB and the publishers each had a core: a projection, not measured.
    console.log(
      `projection (not measured): one core carries ${fmt(1e6 / c.broker)} msg/s of Mosquitto at ${fmt(c.broker, 1)} µs ` +
        `and ${fmt(1e6 / c.platform)} msg/s of platform at ${fmt(c.platform, 1)} µs = ` +
        `${fmt((1e6 / c.platform / raw.rate) * 100)} % of the raw ceiling, if InfluxDB (${fmt(c.influxdb, 1)} µs) ` +
        `and the publishers had cores of their own`,
    );
  }
  console.log(
    best
      ? `saturation: highest rate held (zero loss, p99 ≤ ${HELD_P99_MS} ms, ≤ ${HELD_DRAIN_MS} ms behind): ` +
          `${fmt(best.targetRate)} msg/s = ${fmt((best.targetRate / raw.rate) * 100, 1)} % of raw (target ≥ 80 %)`
      : `saturation: no step held (the lowest offered ${fmt(Math.min(...saturation.map((r) => r.targetRate)))} msg/s)`,
  );
  console.log(commandLine(commands));
  const lat = results.find((r) => r.name === 'latency');
  const thr = results.find((r) => r.name === 'throughput');
  // Sustained = the offered rate was published, every message reached twins and InfluxDB, and ingest
  // was at most a second behind when publishing stopped.
  const sustained =
    !!thr &&
    thr.publishRate >= thr.targetRate * 0.995 &&
    thr.lost === 0 &&
    thr.twinChanges >= thr.sent &&
    thr.drainMs <= 1_000;
  console.log(
    `targets: ${fmt(o.throughputRate)} msg/s sustained with zero loss: ${sustained ? 'met' : 'NOT met'}; ` +
      `p99 < 50 ms at ${fmt(o.latencyRate)} msg/s: ${lat && lat.p99 < 50 ? 'met' : 'NOT met'}`,
  );
}

/** How many write requests the platform has sent InfluxDB (its batch histogram's count). */
/** A metric without labels from the platform's /metrics (NaN when absent). */
async function metricValue(apiUrl: string, token: string | undefined, name: string): Promise<number> {
  const text = await (await fetch(`${apiUrl}/metrics`, { headers: bearer(token) })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1] ?? Number.NaN);
}

const influxWrites = (apiUrl: string, token: string | undefined) =>
  metricValue(apiUrl, token, 'twinbench_history_batch_lines_count');

/** Each process's CPU µs per message and their sum. */
function cpuLine(r: PhaseResult): string {
  const c = r.cpuUs;
  const sum = c.platform + c.broker + c.influxdb + c.bench;
  return `platform ${fmt(c.platform, 1)} + broker ${fmt(c.broker, 1)} + influxdb ${fmt(c.influxdb, 1)} + bench ${fmt(c.bench, 1)} = ${fmt(sum, 1)}`;
}

/** CPU time (user + system) a process has used, in ms, from /proc (Linux; NaN elsewhere). */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // utime and stime, in clock ticks (100 a second), are the 12th and 13th fields after the name.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * Waits (at most a minute) until the platform has nothing queued for InfluxDB and took no message in
 * the last 300 ms; returns how long that took.
 */
async function untilIdle(apiUrl: string, token: string | undefined): Promise<number> {
  const started = performance.now();
  const read = async () => {
    const text = await (await fetch(`${apiUrl}/metrics`, { headers: bearer(token) })).text();
    let queued = 0;
    let taken = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith('twinbench_history_queue_lines ')) queued = Number(line.split(' ')[1]);
      else if (line.startsWith('twinbench_messages_in_total{')) taken += Number(line.split(' ')[1]);
    }
    return { queued, taken };
  };
  let last = await read();
  while (performance.now() - started < 60_000) {
    await sleep(300);
    const now = await read();
    if (now.queued === 0 && now.taken === last.taken) break;
    last = now;
  }
  return performance.now() - started;
}

function commandLine(commands: CommandResult): string {
  return (
    `commands at ${commands.rate}/s: ${fmt(commands.succeeded)} of ${fmt(commands.sent)} succeeded` +
    `${commands.refused ? `, ${fmt(commands.refused)} refused` : ''}; REST → succeeded p50 ${fmt(commands.p50, 1)} ms, ` +
    `p99 ${fmt(commands.p99, 1)} ms, max ${fmt(commands.max, 1)} ms (target p99 ≤ 20 ms)`
  );
}

/** Points of messages published since `sinceMs` (not a previous phase's backlog stored after it). */
async function countPoints(influx: InfluxClient, sinceMs: number): Promise<number> {
  const s = await influx.query(
    `SELECT count(_seq) FROM telemetry WHERE time >= ${sinceMs}ms AND _sent >= ${sinceMs}`,
  );
  return Number(s[0]?.values[0]?.[1] ?? 0);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(check: () => Promise<T | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== false) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The Authorization header of the platform's API token (docs/security.md); none with auth off. */
function bearer(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}
