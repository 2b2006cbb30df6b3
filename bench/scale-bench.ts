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
//
// This file runs the bench (stack, edges, fleets, the measured run, the drain); what it uses is in
// scale-options.ts (knobs), scale-edges.ts (edge brokers, fleet specs), scale-platform-api.ts (health,
// ingest counters, listings), scale-processes.ts (what is measured), scale-counting.ts (at the central
// broker, in InfluxDB), scale-report.ts (the figures it prints).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { startWorkerFleet, type WorkerFleet } from '../simulator/index.ts';
import {
  InfluxClient,
  findBinary,
  freePort,
  mqttAnswers,
  startPlatformProcess,
  startStack,
  waitUntil,
} from '../stack/index.ts';
import { countAtCentral, countStored, offlineTransitions, type CentralCounter } from './scale-counting.ts';
import { baselineSpec, directSpec, edgeConfig, gatewaySpec, split, type Edge } from './scale-edges.ts';
import { SCALE_BENCH_DEFAULTS, type ScaleBenchOptions } from './scale-options.ts';
import { listingUnderLoad, platformApi } from './scale-platform-api.ts';
import { measuredProcesses } from './scale-processes.ts';
import { MB, log } from './scale-print.ts';
import { cpuSeconds, loadAverage, rssOf, waitFor } from './proc.ts';
import { printScaleReport } from './scale-report.ts';
import { fmt } from './stats.ts';

export { SCALE_BENCH_DEFAULTS, scaleBenchOptionsFromEnv, type ScaleBenchOptions } from './scale-options.ts';

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
    baseline = await startWorkerFleet(baselineSpec(o), {
      mqttUrl: `mqtt://127.0.0.1:${edges[0]?.port}`,
      workers: 1,
      sourceAddresses: 'none',
    });
    await run(o, twins, stack.info.influx, counter, platform, edges, baseline, platformFixed, stackPids);
  } finally {
    await cleanup();
  }
}

async function run(
  o: ScaleBenchOptions,
  twins: number,
  influxInfo: { url: string; db: string },
  counter: CentralCounter,
  platform: { url: string; pid: number; token: string | undefined },
  edges: Edge[],
  baseline: WorkerFleet,
  platformFixed: number,
  stackPids: { name: string; pid: number }[],
): Promise<void> {
  const { get, health, ingested: ingestedNow } = platformApi(platform);
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
          ? startWorkerFleet(gatewaySpec(o, e), options).then((f) => void (e.gatewayFleet = f))
          : undefined,
        e.direct > 0
          ? startWorkerFleet(directSpec(o, e), options).then((f) => void (e.directFleet = f))
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
  const procs = measuredProcesses(o, platform.pid, edges, baseline, stackPids);
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

  const listing = await listingUnderLoad(get, platform.url);

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

  // 50,000 series an edge: more than the client's default 10 s on a busy machine.
  const influx = new InfluxClient({ url: influxInfo.url, db: influxInfo.db, timeoutMs: 600_000 });
  const counted = await countStored(influx, [...edges.map((e) => `${e.prefix}-`), 'base-']);
  // Liveness as history recorded it: every offline transition since the measured run began, by reason.
  const offline = await offlineTransitions(influx, measuredFrom, measuredTo).catch(
    (err: Error) => `not read (${err.message})`,
  );

  printScaleReport(o, {
    twins,
    edgeCount: edges.length,
    windowS,
    loads,
    connectedMs,
    upText,
    atEnd,
    offline,
    backlogs,
    caughtUp,
    drainS,
    historyDrained,
    h,
    ingested,
    central,
    published,
    per: counted.per,
    countFailed: counted.failed,
    baseline,
    cpu,
    rss,
    peak,
    platformRss,
    platformFixed,
    listing,
  });
}
