// `npm run bench -- scale`: 101,000 simulated devices on this machine (1,000 gateways × 90 battery env
// sensors behind them + 10,000 directly connected devices), every one a twin on the platform, one reading
// per device every 10 s for 5 minutes. Loss is counted four ways (readings the simulators made, readings
// seen at the central broker, the platform's ingest counters, InfluxDB's points) and per device by
// sequence number, children included. Prints memory of each process (whole RSS, from /proc; children's
// and direct devices' simulator processes apart), CPU of each process over the run, and the time to bring
// the fleet up. Not in the default bench list: it takes about 10 minutes.
//
// Topology (docs/scale.md): a process may open 20,000 files here, so no single Mosquitto can hold
// 100,000 connections. Connections are spread over edge brokers of at most BENCH_SCALE_PER_BROKER each,
// bridged (QoS 1) into the central broker the platform reads; each edge's gateways (with their children)
// and its direct devices run in simulator worker processes of their own (startWorkerFleet).
//
//   npm run bench -- scale                                     # the default shape above
//   BENCH_SCALE_DEVICES=100000 npm run bench -- scale          # the old shape: 100,000 direct, no gateways
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { startWorkerFleet, type FleetSpec, type WorkerFleet } from '../simulator/index.ts';
import {
  InfluxClient,
  findBinary,
  freePort,
  influxCacheSnapshotSize,
  mqttAnswers,
  startPlatformProcess,
  startStack,
  waitUntil,
} from '../stack/index.ts';
import { cpuSeconds, loadAverage, rssOf, waitFor } from './scale-proc.ts';
import { fmt, Samples } from './stats.ts';

export interface ScaleBenchOptions {
  /** Gateways, each one MQTT connection carrying `children` children. Default 1,000; 0: no gateways. */
  gateways: number;
  /** Children per gateway (battery env sensors, readings batched by their gateway). Default 90. */
  children: number;
  /** Devices with an MQTT connection of their own. Default 10,000. */
  direct: number;
  /** Device type of the direct devices; 'mixed' is half env_sensor, half smart_breaker. Default env_sensor. */
  directType: string;
  /** Length of the measured run, s. Default 300. */
  seconds: number;
  /** Telemetry interval of every device (gateways, children, direct), ms. Default 10,000. */
  intervalMs: number;
  /** How long a gateway collects its children's readings before sending a batch, real ms. Default 1,000. */
  batchWindowMs: number;
  /** Readings a batch carries at most. Default 100. */
  maxBatch: number;
  /** Connections per edge broker at most (under the 20,000-descriptor limit). Default 15,000. */
  perBroker: number;
  /** Edge brokers at least (more when the connections need them). Default 2. */
  edges: number;
  /** Simulator processes per edge broker. Default 1. */
  workersPerBroker: number;
  /** New connections per second of each simulator process during the ramp. Default 1,000. */
  rampPerSecond: number;
  /** How long to wait for every twin to be registered and online before measuring anyway, s. Default 600. */
  upSeconds: number;
  /** How long a lagging platform may take to ingest what is queued after the fleet stops, s. Default 900. */
  drainSeconds: number;
  /**
   * influxd's cache-snapshot-memory-size, MB, only to try another size: unset, influxd gets the stack's
   * own (INFLUX_CACHE_SNAPSHOT_BYTES, 256 MB, or INFLUXDB_DATA_CACHE_SNAPSHOT_MEMORY_SIZE; docs/stack.md).
   */
  influxSnapshotMb?: number;
  /**
   * Niceness of the load side (simulator processes, edge brokers). Default 10: on one machine they
   * would otherwise take their fair share of the cores from the platform and InfluxDB they load, where
   * a real fleet runs elsewhere; 0 = no priority given.
   */
  loadNice: number;
}

export const SCALE_BENCH_DEFAULTS: ScaleBenchOptions = {
  gateways: 1_000,
  children: 90,
  direct: 10_000,
  directType: 'env_sensor',
  seconds: 300,
  intervalMs: 10_000,
  batchWindowMs: 1_000,
  maxBatch: 100,
  perBroker: 15_000,
  edges: 2,
  workersPerBroker: 1,
  rampPerSecond: 1_000,
  upSeconds: 600,
  drainSeconds: 900,
  loadNice: 10,
};

const envName = (key: string) => `BENCH_SCALE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/**
 * BENCH_SCALE_GATEWAYS, BENCH_SCALE_CHILDREN, BENCH_SCALE_DIRECT, BENCH_SCALE_DIRECT_TYPE, … The old
 * all-direct shape: BENCH_SCALE_DEVICES=N (N direct devices, half env_sensor, half smart_breaker, no
 * gateways), or BENCH_SCALE_GATEWAYS=0 with BENCH_SCALE_DIRECT and BENCH_SCALE_DIRECT_TYPE.
 */
export function scaleBenchOptionsFromEnv(env = process.env): ScaleBenchOptions {
  const o = { ...SCALE_BENCH_DEFAULTS };
  const legacy = env.BENCH_SCALE_DEVICES;
  if (legacy !== undefined && legacy !== '') {
    Object.assign(o, { gateways: 0, direct: Number(legacy), directType: 'mixed' });
    if (!Number.isSafeInteger(o.direct) || o.direct < 1)
      throw new Error(`BENCH_SCALE_DEVICES=${legacy}: use a whole number >= 1`);
  }
  // influxSnapshotMb has no default of its own (the stack's), so it is not among the defaults' keys.
  for (const key of [...Object.keys(o), 'influxSnapshotMb'] as (keyof ScaleBenchOptions)[]) {
    const raw = env[envName(key)];
    if (raw === undefined || raw === '') continue;
    if (key === 'directType') {
      o.directType = raw;
      continue;
    }
    const n = Number(raw);
    const min = key === 'gateways' || key === 'direct' ? 0 : 1;
    if (!Number.isSafeInteger(n) || n < min)
      throw new Error(`${envName(key)}=${raw}: use a whole number >= ${min}`);
    o[key] = n;
  }
  if (o.gateways + o.direct < 1)
    throw new Error('BENCH_SCALE_GATEWAYS and BENCH_SCALE_DIRECT are both 0: nothing to run');
  if (o.children > 1000) throw new Error(`BENCH_SCALE_CHILDREN=${o.children}: at most 1000 per gateway`);
  return o;
}

const MB = 1_048_576;
const log = (m: string) => console.error(`[scale] ${new Date().toISOString().slice(11, 19)} ${m}`);

interface Edge {
  port: number;
  process: ChildProcess;
  prefix: string;
  /** Its share of the fleet: gateways (each with o.children children) and direct devices. */
  gateways: number;
  direct: number;
  /** The gateways with their children, and the direct devices: fleets (processes) of their own, so a
   * process's RSS is either children's (with their gateways' connections) or direct devices'. */
  gatewayFleet?: WorkerFleet;
  directFleet?: WorkerFleet;
}

/** An edge Mosquitto bridged into the central one: device traffic out, what the platform answers in. */
function edgeConfig(port: number, centralPort: number, name: string): string {
  const childOut = [
    'connect',
    'disconnect',
    'status',
    'telemetry',
    'events',
    'commands/response',
    'shadow/update',
  ];
  return [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    'persistence false',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'max_queued_messages 1000000',
    'max_inflight_messages 1000',
    `connection ${name}`,
    `address 127.0.0.1:${centralPort}`,
    `remote_clientid ${name}`,
    'cleansession true',
    'bridge_protocol_version mqttv311',
    'restart_timeout 1',
    'notifications false',
    ...['telemetry', 'events', 'status', 'commands/response'].map((t) => `topic tb/v1/+/${t} out 1`),
    ...childOut.map((t) => `topic tb/v1/+/children/${t} out 1`),
    ...['update', 'get', 'delete'].map((op) => `topic $aws/things/+/shadow/${op} out 1`),
    'topic tb/v1/+/commands in 1',
    'topic tb/v1/+/children/commands in 1',
    'topic tb/v1/+/children/shadow/delta in 1',
    'topic tb/v1/+/+/rejected in 1',
    ...['update', 'get', 'delete'].map((op) => `topic $aws/things/+/shadow/${op}/+ in 1`),
  ].join('\n');
}

/** `total` split over `parts`, the first ones taking the remainder. */
const split = (total: number, parts: number, i: number) =>
  Math.floor(total / parts) + (i < total % parts ? 1 : 0);

export async function runScaleBench(o: ScaleBenchOptions = SCALE_BENCH_DEFAULTS): Promise<void> {
  const connections = o.gateways + o.direct;
  const edgeCount = Math.max(o.edges, Math.ceil(connections / o.perBroker));
  const twins = o.gateways * (1 + o.children) + o.direct + 1; // + the baseline process's one device
  log(
    `${fmt(o.gateways)} gateways × ${fmt(o.children)} children + ${fmt(o.direct)} direct ${o.directType} ` +
      `(${fmt(twins)} twins, ${fmt(connections)} connections) over ${edgeCount} edge brokers, ` +
      `one reading each every ${o.intervalMs / 1000} s for ${o.seconds} s; load average ${loadAverage()}`,
  );
  // The stack does not hand out its processes' pids; its progress lines name them.
  const stackPids: { name: string; pid: number }[] = [];
  // A local influxd takes its settings from the environment the stack passes on (stack/modes/local.ts).
  if (o.influxSnapshotMb !== undefined)
    process.env.INFLUXDB_DATA_CACHE_SNAPSHOT_MEMORY_SIZE = String(o.influxSnapshotMb * MB);
  await using stack = await startStack({
    mode: 'local',
    broker: {
      persistence: false,
      // The bench's own counting subscriber must not lose QoS 1 messages to the default queue of 1,000.
      extraConfig: ['max_inflight_messages 1000', 'max_queued_messages 10000000'],
    },
    onProgress: (m) => {
      const started = /starting (mosquitto|influxd) \(pid (\d+)\)/.exec(m);
      if (started)
        stackPids.push({
          name: started[1] === 'mosquitto' ? 'mosquitto central' : 'influxd',
          pid: Number(started[2]),
        });
      log(m);
    },
  });
  const centralPort = Number(new URL(stack.mqttUrl).port);
  await using platform = await startPlatformProcess(stack.info, {
    config: { logLevel: 'warn', heartbeatTimeoutMs: 6 * o.intervalMs, maxDevices: twins + 100 },
    startupTimeoutMs: 60_000,
    // When liveness stops and starts hearing devices (the platform behind its broker), said as it happens.
    onLog: (line) => {
      if (!line.includes('liveness:')) return;
      let msg = line;
      try {
        msg = (JSON.parse(line) as { msg?: string }).msg ?? line;
      } catch {
        // not pino's JSON: said as it is
      }
      log(`platform: ${msg}`);
    },
    // BENCH_SCALE_PLATFORM_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": a profile of the platform.
    nodeArgs: (process.env.BENCH_SCALE_PLATFORM_NODE_ARGS ?? '').split(' ').filter((a) => a !== ''),
  });
  await new Promise((r) => setTimeout(r, 3_000));
  const platformFixed = rssOf(platform.pid);
  log(`platform pid ${platform.pid}: ${fmt(platformFixed / MB, 1)} MB before the first device`);

  const mosquitto = findBinary('mosquitto');
  if (!mosquitto) throw new Error('the scale bench needs mosquitto on PATH (apt-get install mosquitto)');
  const dir = mkdtempSync(path.join(tmpdir(), 'twinbench-scale-'));
  const edges: Edge[] = [];
  let baseline: WorkerFleet | undefined;
  const cleanup = async () => {
    await Promise.allSettled([
      baseline?.stop(),
      ...edges.flatMap((e) => [e.gatewayFleet?.stop(), e.directFleet?.stop()]),
    ]);
    for (const e of edges) e.process.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < edgeCount; i++) {
      const port = await freePort();
      const file = path.join(dir, `edge-${i}.conf`);
      writeFileSync(file, edgeConfig(port, centralPort, `scale-edge-${i}`));
      const child = spawn(mosquitto, ['-c', file], { stdio: ['ignore', 'ignore', 'inherit'] });
      edges.push({
        port,
        process: child,
        prefix: `s${i}`,
        gateways: split(o.gateways, edgeCount, i),
        direct: split(o.direct, edgeCount, i),
      });
    }
    for (const e of edges) {
      const up = await waitUntil(() => mqttAnswers(`mqtt://127.0.0.1:${e.port}`).catch(() => false), {
        timeoutMs: 10_000,
      });
      if (!up.ok) throw new Error(`edge broker ${e.prefix} on port ${e.port} did not answer within 10 s`);
    }
    // Counting at the central broker starts before the first device publishes.
    const counter = await countAtCentral(stack.mqttUrl);
    // One simulator process with one device: what a simulator process costs before its devices, for
    // the marginal figures.
    baseline = await startWorkerFleet(
      {
        name: 'scale-baseline',
        seed: 2,
        groups: [
          { type: 'env_sensor', count: 1, idPattern: 'base-env-{n:05}', publishIntervalMs: o.intervalMs },
        ],
      },
      { mqttUrl: `mqtt://127.0.0.1:${edges[0]?.port}`, workers: 1, sourceAddresses: 'none' },
    );
    await run(o, twins, stack.info.influx, counter, platform, edges, baseline, platformFixed, stackPids);
  } finally {
    await cleanup();
  }
}

/** Counts, at the central broker, the readings that left the edges (direct and batched). */
async function countAtCentral(mqttUrl: string) {
  const client = await mqtt.connectAsync(mqttUrl, { clean: true, clientId: `scale-count-${process.pid}` });
  const seen = { direct: 0, batches: 0, childReadings: 0 };
  // A batch's readings each name their device: counting `"device":` avoids parsing 10,000 a second.
  const key = Buffer.from('"device":');
  client.on('message', (topic, payload) => {
    if (topic.endsWith('/children/telemetry')) {
      seen.batches++;
      for (let at = payload.indexOf(key); at >= 0; at = payload.indexOf(key, at + key.length))
        seen.childReadings++;
    } else seen.direct++;
  });
  await client.subscribeAsync(['tb/v1/+/telemetry', 'tb/v1/+/children/telemetry'], { qos: 1 });
  return { seen, close: () => client.endAsync() };
}

async function run(
  o: ScaleBenchOptions,
  twins: number,
  influxInfo: { url: string; db: string },
  counter: Awaited<ReturnType<typeof countAtCentral>>,
  platform: { url: string; pid: number; token: string | undefined },
  edges: Edge[],
  baseline: WorkerFleet,
  platformFixed: number,
  stackPids: { name: string; pid: number }[],
): Promise<void> {
  // The run's admin token (API tokens are on by default: docs/security.md).
  // Every request has a deadline: a saturated platform must not hang the bench.
  // A request that fails (a busy platform past the deadline) is tried twice more before the bench gives up.
  const get = async (url: string): Promise<Response> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fetch(url, {
          headers: platform.token ? { authorization: `Bearer ${platform.token}` } : {},
          signal: AbortSignal.timeout(60_000),
        });
      } catch (err) {
        if (attempt >= 3) throw err;
        log(`${url}: ${(err as Error).message}; trying again`);
      }
    }
  };
  const health = async () =>
    (await (await get(`${platform.url}/health`)).json()) as {
      devices: { registered: number; online: number };
      history: { queued: number; written: number; dropped: number };
    };
  const gatewaySpec = (e: Edge): FleetSpec => ({
    name: `scale-${e.prefix}-gw`,
    seed: 1,
    rampUpPerSecond: o.rampPerSecond * o.workersPerBroker,
    site: 'scale-site',
    groups: [],
    gateways: [
      {
        count: e.gateways,
        idPattern: `${e.prefix}-gw-{n:04}`,
        publishIntervalMs: Math.max(1000, o.intervalMs),
        maxBatch: o.maxBatch,
        batchWindowMs: o.batchWindowMs,
        children: {
          type: 'env_sensor',
          count: o.children,
          idPattern: `${e.prefix}-bat-{n:06}`,
          publishIntervalMs: o.intervalMs,
          tags: { power: 'battery' },
        },
      },
    ],
  });
  const directSpec = (e: Edge): FleetSpec => {
    const group = (type: string, count: number, short: string) => ({
      type,
      count,
      idPattern: `${e.prefix}-${short}-{n:05}`,
      publishIntervalMs: o.intervalMs,
    });
    const half = Math.floor(e.direct / 2);
    // The old all-direct shape: half env sensors, half breakers.
    const mixed = [];
    if (e.direct - half > 0) mixed.push(group('env_sensor', e.direct - half, 'env'));
    if (half > 0) mixed.push(group('smart_breaker', half, 'brk'));
    return {
      name: `scale-${e.prefix}-direct`,
      seed: 1,
      rampUpPerSecond: o.rampPerSecond * o.workersPerBroker,
      site: 'scale-site',
      groups: o.directType === 'mixed' ? mixed : [group(o.directType, e.direct, 'dev')],
    };
  };
  // Bring-up: every edge's fleets at once; each resolves when its connections are up.
  const t0 = performance.now();
  const progress = setInterval(() => {
    void health()
      .then((h) => log(`bring-up: ${fmt(h.devices.registered)} twins, ${fmt(h.devices.online)} online`))
      .catch(() => undefined);
  }, 10_000);
  await Promise.all(
    edges.flatMap((e) => {
      const options = {
        mqttUrl: `mqtt://127.0.0.1:${e.port}`,
        workers: o.workersPerBroker,
        // Not bound to a source address: every edge's first worker would bind the same 127.0.0.2, and a
        // bound socket holds its port for every destination (28,000 in all); unbound, connect() reuses
        // ports across the edges' different broker ports, so each edge has its own ~28,000.
        sourceAddresses: 'none' as const,
      };
      return [
        e.gateways > 0
          ? startWorkerFleet(gatewaySpec(e), options).then((f) => void (e.gatewayFleet = f))
          : undefined,
        e.direct > 0
          ? startWorkerFleet(directSpec(e), options).then((f) => void (e.directFleet = f))
          : undefined,
      ];
    }),
  );
  const connectedMs = performance.now() - t0;
  log(`all ${fmt(o.gateways + o.direct)} connections up in ${fmt(connectedMs / 1000, 1)} s`);
  if (o.loadNice > 0) {
    const pids = edges.flatMap((e) => [
      e.process.pid,
      ...[e.gatewayFleet, e.directFleet].flatMap((f) => (f?.workers ?? []).map((w) => w.pid)),
    ]);
    for (const pid of pids) if (pid !== undefined) setPriority(pid, o.loadNice);
    log(`simulator processes and edge brokers at niceness ${o.loadNice} (the platform and InfluxDB first)`);
  }
  // Up = every twin registered and online. A platform that cannot keep up (a starved CPU) never gets
  // there: after upSeconds the run is measured anyway, and the figures say so.
  const up = await waitFor(
    async () => {
      const h = await health();
      return h.devices.registered >= twins && h.devices.online >= twins ? true : false;
    },
    o.upSeconds * 1000,
    1_000,
  ).then(
    () => true,
    () => false,
  );
  clearInterval(progress);
  const upMs = performance.now() - t0;
  const atUp = await health();
  const upText = up
    ? `all ${fmt(twins)} twins registered and online in ${fmt(upMs / 1000, 1)} s`
    : `NOT all up after ${fmt(upMs / 1000, 1)} s: ${fmt(atUp.devices.registered)} of ${fmt(twins)} twins, ${fmt(atUp.devices.online)} online (measured anyway)`;
  log(upText);

  // Every 10 s of the measured run: liveness, what reached the central broker against what the platform
  // took (a backlog that grows is a platform falling behind, not loss), history's queue, RSS.
  const ingestedNow = async () => {
    const text = await (await get(`${platform.url}/metrics`)).text();
    const kind = (k: string) =>
      Number(new RegExp(`^twinbench_messages_in_total\\{kind="${k}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    return { direct: kind('telemetry'), batches: kind('child_telemetry') };
  };
  const backlogs: { atS: number; messages: number }[] = [];
  const progressLine = async (atS: number) => {
    const [h, i] = await Promise.all([health(), ingestedNow()]);
    const seen = counter.seen;
    const backlog = seen.direct - i.direct + (seen.batches - i.batches);
    backlogs.push({ atS, messages: backlog });
    log(
      `${fmt(h.devices.online)} of ${fmt(h.devices.registered)} online; messages at the central broker not yet ingested ${fmt(backlog)}; ` +
        `history queued ${fmt(h.history.queued)}; RSS platform ${fmt(rssOf(platform.pid) / MB)} MB; load ${fmt(loadAverage(), 1)}`,
    );
    return backlog;
  };

  // The measured run: CPU of every process from /proc at both ends, RSS sampled every 10 s.
  interface Proc {
    name: string;
    pid: number;
    children?: number;
    connections?: number;
  }
  const sharesOf = (
    f: WorkerFleet | undefined,
    label: string,
    perWorker: (k: number) => Omit<Proc, 'name' | 'pid'>,
  ) => (f?.workers ?? []).map((w) => ({ name: `${label}.${w.index}`, pid: w.pid, ...perWorker(w.index) }));
  // Gateways are dealt round robin over a fleet's workers (simulator/workers/share.ts), children go
  // with theirs; WorkerInfo.devices counts only `groups`, so the gateway fleets' shares are worked out here.
  const dealt = (total: number, k: number) => Math.max(0, Math.ceil((total - k) / o.workersPerBroker));
  const procs: Proc[] = [
    { name: 'platform', pid: platform.pid },
    ...edges.flatMap((e) => [
      ...sharesOf(e.gatewayFleet, `sim ${e.prefix} gateways`, (k) => ({
        connections: dealt(e.gateways, k),
        children: dealt(e.gateways, k) * o.children,
      })),
      ...sharesOf(e.directFleet, `sim ${e.prefix} direct`, (k) => ({ connections: dealt(e.direct, k) })),
    ]),
    ...baseline.workers.map((w) => ({ name: 'sim baseline (1 device)', pid: w.pid })),
    ...edges.map((e) => ({ name: `mosquitto edge ${e.prefix}`, pid: e.process.pid ?? -1 })),
    ...stackPids,
  ];
  const cpu0 = new Map(procs.map((p) => [p.pid, cpuSeconds(p.pid)]));
  const peak = new Map<number, number>();
  const sample = () => {
    for (const p of procs) peak.set(p.pid, Math.max(peak.get(p.pid) ?? 0, rssOf(p.pid)));
  };
  const loads: number[] = [];
  const w0 = performance.now();
  const measuredFrom = Date.now();
  log(`measuring for ${o.seconds} s`);
  while (performance.now() - w0 < o.seconds * 1000) {
    sample();
    loads.push(loadAverage());
    await progressLine((performance.now() - w0) / 1000).catch((err: Error) =>
      log(`progress: ${err.message}`),
    );
    await new Promise((r) =>
      setTimeout(r, Math.min(10_000, o.seconds * 1000 - (performance.now() - w0) + 1)),
    );
  }
  sample();
  loads.push(loadAverage());
  const windowS = (performance.now() - w0) / 1000;
  const cpu = procs.map((p) => ({
    ...p,
    cpuPct: ((cpuSeconds(p.pid) - (cpu0.get(p.pid) ?? 0)) / windowS) * 100,
  }));
  const rss = new Map(procs.map((p) => [p.pid, rssOf(p.pid)]));
  const platformRss = rss.get(platform.pid) ?? 0;
  const atEnd = await health();
  const measuredTo = Date.now();

  // Listing under load: pages of 1,000 walked with the cursor, and a filtered query.
  // At most 20 requests and 60 s each: a saturated platform took 3 minutes for these once.
  const listing: { label: string; p50: number; p99: number; n: number }[] = [];
  for (const [label, first] of [
    ['GET /devices?limit=1000 (walking next)', 'limit=1000'],
    ['GET /devices?limit=1000&online=true&idPrefix=s1-', 'limit=1000&online=true&idPrefix=s1-'],
  ] as const) {
    const samples = new Samples();
    let query: string = first;
    const l0 = performance.now();
    let n = 0;
    for (; n < 20 && performance.now() - l0 < 60_000; n++) {
      const a = performance.now();
      const page = (await (await get(`${platform.url}/devices?${query}`)).json()) as { next?: string };
      samples.add(performance.now() - a);
      query = page.next ? `${first}&cursor=${page.next}` : first;
    }
    const [p50, p99] = samples.percentiles([50, 99]);
    listing.push({ label, p50: p50 as number, p99: p99 as number, n });
  }

  // Stop publishing, let the platform drain, then count.
  log('stopping the fleet and waiting for history to drain');
  const fleets = [baseline, ...edges.flatMap((e) => [e.gatewayFleet, e.directFleet])].filter(
    (f): f is WorkerFleet => f !== undefined,
  );
  await Promise.all(fleets.map((f) => f.stop()));
  const published = fleets.reduce((n, f) => n + f.stats().telemetry, 0);
  // A platform behind the fleet still has messages queued in the brokers: it has caught up when it
  // has handled every message the central broker received (the bench's subscriber's count, still for
  // 3 s: the edges' bridges have forwarded theirs), then history has written what it queued. A platform
  // that has not within drainSeconds fell behind: its figures say so instead of counting loss.
  const drain0 = performance.now();
  let ingested = await ingestedNow();
  let caughtUp = false;
  for (let still = 0, last = -1; performance.now() - drain0 < o.drainSeconds * 1000;) {
    const c = counter.seen;
    const atCentralNow = c.direct + c.batches;
    still = atCentralNow === last ? still + 1 : 0;
    last = atCentralNow;
    if (still >= 3 && ingested.direct >= c.direct && ingested.batches >= c.batches) {
      caughtUp = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 1_000));
    ingested = await ingestedNow();
  }
  const drainS = (performance.now() - drain0) / 1000;
  const historyDrained = await waitFor(
    async () => ((await health()).history.queued === 0 ? true : false),
    Math.max(120_000, (o.drainSeconds * 1000 - (performance.now() - drain0)) | 0),
    500,
  ).then(
    () => true,
    () => false,
  );
  await new Promise((r) => setTimeout(r, 2_000));
  const h = await health();
  ingested = await ingestedNow();
  const central = { ...counter.seen };
  await counter.close();

  // What InfluxDB holds, per device: points, and gaps in the sequence numbers (one seq per device from
  // 1: a device's first point missing shows as min(_seq) > 1).
  // 50,000 series an edge: more than the client's default 10 s on a busy machine.
  const influx = new InfluxClient({ url: influxInfo.url, db: influxInfo.db, timeoutMs: 600_000 });
  const kinds = ['gateway', 'child', 'direct'] as const;
  type Kind = (typeof kinds)[number];
  const kindOf = (id: string): Kind =>
    id.includes('-gw-') ? 'gateway' : id.includes('-bat-') ? 'child' : 'direct';
  const per = Object.fromEntries(
    kinds.map((k) => [k, { devices: 0, points: 0, gaps: 0, headMissing: 0, fewest: Infinity }]),
  ) as Record<Kind, { devices: number; points: number; gaps: number; headMissing: number; fewest: number }>;
  // A failed count must not lose the run's other figures: it is printed as such.
  let countFailed = '';
  try {
    for (const prefix of [...edges.map((e) => `${e.prefix}-`), 'base-']) {
      const series = await influx.query(
        `SELECT count(_seq), min(_seq), max(_seq) FROM telemetry WHERE device_id =~ /^${prefix}/ GROUP BY device_id`,
      );
      for (const s of series) {
        const [, count, min, max] = (s.values[0] ?? []) as number[];
        const k = per[kindOf(String(s.tags?.device_id ?? ''))];
        k.devices++;
        k.points += count ?? 0;
        k.gaps += (max ?? 0) - (min ?? 0) + 1 - (count ?? 0);
        k.headMissing += (min ?? 1) - 1;
        k.fewest = Math.min(k.fewest, count ?? 0);
      }
    }
  } catch (err) {
    countFailed = (err as Error).message;
  }
  // Liveness as history recorded it: every offline transition since the measured run began, by reason.
  const offline = await offlineTransitions(influx, measuredFrom, measuredTo).catch(
    (err: Error) => `not read (${err.message})`,
  );
  const stored = kinds.reduce((n, k) => n + per[k].points, 0);
  const gaps = kinds.reduce((n, k) => n + per[k].gaps + per[k].headMissing, 0);
  const atCentral = central.direct + central.childReadings;
  const expected = { gateway: o.gateways, child: o.gateways * o.children, direct: o.direct + 1 };

  const print = (m: string) => console.log(m);
  // What the stack gave influxd (the bench's override, if any, is in the environment by now).
  const snapshot = influxCacheSnapshotSize();
  if (countFailed) print(`\nInfluxDB could not be counted: ${countFailed}`);
  print(
    `\nscale bench: ${o.gateways > 0 ? `${fmt(o.gateways)} gateways × ${fmt(o.children)} env_sensor children + ` : 'no gateways, '}${fmt(o.direct)} direct ${o.directType} ` +
      `(+1 baseline) = ${fmt(twins)} twins; one reading per device every ${o.intervalMs / 1000} s, measured for ${fmt(windowS)} s`,
  );
  print(
    `topology: ${fmt(o.gateways + o.direct + 1)} MQTT connections over ${edges.length} edge Mosquitto brokers bridged into one central broker; ` +
      `gateways batch their children's readings (window ${fmt(o.batchWindowMs)} ms, at most ${o.maxBatch} a batch); ` +
      `influxd cache-snapshot-memory-size ${/^\d+$/.test(snapshot) ? `${fmt(Number(snapshot) / MB)} MB` : snapshot}`,
  );
  print(
    `machine: 2 cores shared with other work; load average (1 min) before ${fmt(loads[0] ?? NaN, 1)}, during the run ${fmt(Math.min(...loads), 1)}–${fmt(Math.max(...loads), 1)}`,
  );
  print(`bring-up: all connections up in ${fmt(connectedMs / 1000, 1)} s; ${upText}`);
  print(
    `at the end of the measured run: ${fmt(atEnd.devices.registered)} twins registered, ${fmt(atEnd.devices.online)} online`,
  );
  print(`offline transitions during the measured run (history's liveness points): ${offline}`);
  const worst = backlogs.reduce((a, b) => (b.messages > a.messages ? b : a), { atS: 0, messages: 0 });
  print(
    `backlog: messages received by the central broker and not yet taken by the platform, sampled every 10 s: ` +
      `largest ${fmt(worst.messages)} (${fmt(worst.atS)} s into the run), last ${fmt(backlogs.at(-1)?.messages ?? 0)}`,
  );
  print(
    (caughtUp
      ? `drain: the platform had taken every message the central broker received ${fmt(drainS, 1)} s after the fleet stopped`
      : `drain: FELL BEHIND: ${fmt(drainS)} s after the fleet stopped the platform had taken ${fmt(ingested.direct + ingested.batches)} of the ${fmt(central.direct + central.batches)} messages the central broker received`) +
      (historyDrained ? '' : `; history still had ${fmt(h.history.queued)} lines queued`) +
      '\n' +
      `readings: simulators made ${fmt(published)} (direct, gateways' own and children's readings); ` +
      `the central broker saw ${fmt(atCentral)} (${fmt(central.direct)} direct messages, ${fmt(central.childReadings)} child readings in ${fmt(central.batches)} batches); ` +
      `the platform ingested ${fmt(ingested.direct)} direct messages and ${fmt(ingested.batches)} batches; InfluxDB holds ${fmt(stored)} points; history dropped ${fmt(h.history.dropped)}`,
  );
  for (const k of kinds)
    print(
      `  ${k.padEnd(7)}: ${fmt(per[k].devices)} of ${fmt(expected[k])} devices in InfluxDB, ${fmt(per[k].points)} points ` +
        `(fewest per device ${fmt(per[k].fewest === Infinity ? 0 : per[k].fewest)}), sequence gaps ${fmt(per[k].gaps)}, first readings missing ${fmt(per[k].headMissing)}`,
    );
  const allPresent = kinds.every((k) => per[k].devices === expected[k]);
  const pipelineClean = atCentral === stored && gaps === 0 && allPresent && h.history.dropped === 0;
  const behind = !caughtUp || !historyDrained;
  print(
    `verdict: ${behind ? `FELL BEHIND (not a loss count: what is not stored was still queued when counting; ${fmt(atCentral - stored)} readings at the central broker not in InfluxDB)` : published === stored && pipelineClean ? 'ZERO LOSS (made = at the central broker = stored, no gaps, every device present)' : pipelineClean ? `zero loss from the central broker to InfluxDB (${fmt(stored)} = ${fmt(atCentral)}, no gaps, every device present); ${fmt(published - atCentral)} readings made by the simulators never left them (see docs/scale.md: made but still in a gateway's batch or on the radio when the fleet stopped)` : 'LOSS'}`,
  );
  const baseRss = baseline.workers.reduce((n, w) => n + (rss.get(w.pid) ?? 0), 0);
  const gwProcs = cpu.filter((p) => p.children !== undefined);
  const directProcs = cpu.filter((p) => p.children === undefined && p.connections !== undefined);
  const sum = (ps: Proc[], f: (p: Proc) => number) => ps.reduce((n, p) => n + f(p), 0);
  const gwRss = sum(gwProcs, (p) => rss.get(p.pid) ?? 0);
  const children = sum(gwProcs, (p) => p.children ?? 0);
  const gwConns = sum(gwProcs, (p) => p.connections ?? 0);
  const dRss = sum(directProcs, (p) => rss.get(p.pid) ?? 0);
  const dConns = sum(directProcs, (p) => p.connections ?? 0);
  print(
    `platform memory (whole process RSS): ${fmt(platformRss / MB, 1)} MB with ${fmt(atEnd.devices.registered)} twins = ${fmt(platformRss / twins / 1024, 2)} KiB per twin; ` +
      `marginal (RSS − ${fmt(platformFixed / MB, 1)} MB before the first device) ${fmt((platformRss - platformFixed) / twins / 1024, 2)} KiB per twin`,
  );
  print(`simulator baseline: a simulator process with one device: ${fmt(baseRss / MB, 1)} MB RSS`);
  if (gwProcs.length > 0)
    print(
      `simulator memory, gateways with children (whole process RSS): ${fmt(gwRss / MB, 1)} MB in ${gwProcs.length} processes for ${fmt(children)} children behind ${fmt(gwConns)} gateway connections = ` +
        `${fmt(gwRss / children / 1024, 2)} KiB per child (gateways included); marginal (RSS − baseline per process) ${fmt((gwRss - baseRss * gwProcs.length) / children / 1024, 2)} KiB per child`,
    );
  if (directProcs.length > 0)
    print(
      `simulator memory, direct devices (whole process RSS): ${fmt(dRss / MB, 1)} MB in ${directProcs.length} processes for ${fmt(dConns)} connected devices = ` +
        `${fmt(dRss / dConns / 1024, 2)} KiB per connected device; marginal (RSS − baseline per process) ${fmt((dRss - baseRss * directProcs.length) / dConns / 1024, 2)} KiB per connected device`,
    );
  for (const l of listing)
    print(`${l.label}: p50 ${fmt(l.p50, 1)} ms, p99 ${fmt(l.p99, 1)} ms (${l.n} requests, fleet publishing)`);
  print(
    '\nprocess                             pid      RSS MB   peak MB   CPU % of one core (measured run); RSS = whole process',
  );
  for (const p of cpu) {
    print(
      `${p.name.padEnd(32)} ${String(p.pid).padStart(7)} ${fmt((rss.get(p.pid) ?? 0) / MB, 1).padStart(9)} ${fmt((peak.get(p.pid) ?? 0) / MB, 1).padStart(9)}   ${fmt(p.cpuPct, 1).padStart(6)}`,
    );
  }
}

/** Offline transitions at or after `fromMs`, counted by reason, with the time of the first and last. */
async function offlineTransitions(influx: InfluxClient, fromMs: number, toMs: number): Promise<string> {
  const series = await influx.query(
    `SELECT reason, device_id FROM liveness WHERE online = false AND time >= ${fromMs}ms AND time <= ${toMs}ms`,
  );
  const rows = series[0]?.values ?? [];
  if (rows.length === 0) return 'none';
  const by = new Map<string, number>();
  for (const r of rows) by.set(String(r[1]), (by.get(String(r[1])) ?? 0) + 1);
  const at = (r: unknown[] | undefined) => fmt((Number(r?.[0]) - fromMs) / 1000, 1);
  return (
    `${fmt(rows.length)} (${[...by].map(([k, n]) => `${k} ${fmt(n)}`).join(', ')}), ` +
    `the first ${at(rows[0])} s and the last ${at(rows.at(-1))} s into it`
  );
}
