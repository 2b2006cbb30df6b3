// `npm run bench -- scale`: 100,000 simulated devices on this machine, every one a twin on the platform,
// one reading per device every 10 s for 5 minutes, with zero loss counted three ways (the simulators'
// telemetry publishes, the platform's ingest counter, InfluxDB's points) and per device by sequence
// number. Prints memory of each process (whole RSS, from /proc), CPU of each process over the run, and
// the time to bring the fleet up. Not in the default bench list: it takes about 8-10 minutes.
//
// Topology (direct connections; docs/scale.md): a process may open 20,000 files here, so no single
// Mosquitto can hold 100,000 connections. The devices are spread over edge brokers of at most
// BENCH_SCALE_PER_BROKER connections each, bridged (QoS 1) into the central broker the platform reads;
// each edge's devices run in simulator worker processes (startWorkerFleet). Ports: one loopback address
// pair offers ~28,000 ephemeral ports per broker port, and each edge is a broker port of its own.
//
//   BENCH_SCALE_DEVICES=100000 BENCH_SCALE_SECONDS=300 npm run bench -- scale
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startWorkerFleet, type FleetSpec, type WorkerFleet } from '../simulator/index.ts';
import {
  InfluxClient,
  findBinary,
  freePort,
  mqttAnswers,
  startPlatformProcess,
  startStack,
  waitUntil,
} from '../stack/index.ts';
import { cpuSeconds, loadAverage, rssOf, waitFor } from './scale-proc.ts';
import { fmt, Samples } from './stats.ts';

export interface ScaleBenchOptions {
  /** Devices in all, each its own MQTT connection and twin. Default 100,000. */
  devices: number;
  /** Length of the measured run, s. Default 300. */
  seconds: number;
  /** Telemetry interval of every device, ms. Default 10,000. */
  intervalMs: number;
  /** Connections per edge broker (under the 20,000-descriptor limit). Default 15,000. */
  perBroker: number;
  /** Simulator processes per edge broker. Default 1. */
  workersPerBroker: number;
  /** New connections per second of each simulator process during the ramp. Default 1,000. */
  rampPerSecond: number;
}

export const SCALE_BENCH_DEFAULTS: ScaleBenchOptions = {
  devices: 100_000,
  seconds: 300,
  intervalMs: 10_000,
  perBroker: 15_000,
  workersPerBroker: 1,
  rampPerSecond: 1_000,
};

/** BENCH_SCALE_DEVICES, BENCH_SCALE_SECONDS, BENCH_SCALE_INTERVAL_MS, BENCH_SCALE_PER_BROKER, … */
export function scaleBenchOptionsFromEnv(env = process.env): ScaleBenchOptions {
  const o = { ...SCALE_BENCH_DEFAULTS };
  for (const key of Object.keys(o) as (keyof ScaleBenchOptions)[]) {
    const raw = env[`BENCH_SCALE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 1)
      throw new Error(`BENCH_SCALE_… ${key}=${raw}: use a whole number >= 1`);
    o[key] = n;
  }
  return o;
}

const MB = 1_048_576;
const log = (m: string) => console.error(`[scale] ${new Date().toISOString().slice(11, 19)} ${m}`);

interface Edge {
  port: number;
  process: ChildProcess;
  devices: number;
  prefix: string;
  fleet?: WorkerFleet;
}

/** An edge Mosquitto bridged into the central one: device traffic out, what the platform answers in. */
function edgeConfig(port: number, centralPort: number, name: string): string {
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
    ...['update', 'get', 'delete'].map((op) => `topic $aws/things/+/shadow/${op} out 1`),
    'topic tb/v1/+/commands in 1',
    'topic tb/v1/+/+/rejected in 1',
    ...['update', 'get', 'delete'].map((op) => `topic $aws/things/+/shadow/${op}/+ in 1`),
  ].join('\n');
}

export async function runScaleBench(o: ScaleBenchOptions = SCALE_BENCH_DEFAULTS): Promise<void> {
  const edgesNeeded = Math.ceil(o.devices / o.perBroker);
  log(
    `${fmt(o.devices)} devices over ${edgesNeeded} edge brokers × ${o.workersPerBroker} simulator process(es), ` +
      `one reading each every ${o.intervalMs / 1000} s for ${o.seconds} s; load average ${loadAverage()}`,
  );
  // The stack does not hand out its processes' pids; its progress lines name them.
  const stackPids: { name: string; pid: number }[] = [];
  await using stack = await startStack({
    mode: 'local',
    broker: { persistence: false, extraConfig: ['max_inflight_messages 1000'] },
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
    config: { logLevel: 'warn', heartbeatTimeoutMs: 6 * o.intervalMs, maxDevices: o.devices },
    startupTimeoutMs: 60_000,
  });
  await new Promise((r) => setTimeout(r, 3_000));
  const platformFixed = rssOf(platform.pid);
  log(`platform pid ${platform.pid}: ${fmt(platformFixed / MB, 1)} MB before the first device`);

  const mosquitto = findBinary('mosquitto');
  if (!mosquitto) throw new Error('the scale bench needs mosquitto on PATH (apt-get install mosquitto)');
  const dir = mkdtempSync(path.join(tmpdir(), 'twinbench-scale-'));
  const edges: Edge[] = [];
  const cleanup = async () => {
    await Promise.allSettled(edges.map((e) => e.fleet?.stop()));
    for (const e of edges) e.process.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < edgesNeeded; i++) {
      const port = await freePort();
      const file = path.join(dir, `edge-${i}.conf`);
      writeFileSync(file, edgeConfig(port, centralPort, `scale-edge-${i}`));
      const child = spawn(mosquitto, ['-c', file], { stdio: ['ignore', 'ignore', 'inherit'] });
      const devices = Math.min(o.perBroker, o.devices - i * o.perBroker);
      edges.push({ port, process: child, devices, prefix: `s${i}` });
    }
    for (const e of edges) {
      const up = await waitUntil(() => mqttAnswers(`mqtt://127.0.0.1:${e.port}`).catch(() => false), {
        timeoutMs: 10_000,
      });
      if (!up.ok) throw new Error(`edge broker ${e.prefix} on port ${e.port} did not answer within 10 s`);
    }
    await run(o, stack.info.influx, platform, edges, platformFixed, stackPids);
  } finally {
    await cleanup();
  }
}

async function run(
  o: ScaleBenchOptions,
  influxInfo: { url: string; db: string },
  platform: { url: string; pid: number; token: string | undefined },
  edges: Edge[],
  platformFixed: number,
  stackPids: { name: string; pid: number }[],
): Promise<void> {
  // The run's admin token (API tokens are on by default: docs/security.md).
  const get = (url: string) =>
    fetch(url, { headers: platform.token ? { authorization: `Bearer ${platform.token}` } : {} });
  const health = async () =>
    (await (await get(`${platform.url}/health`)).json()) as {
      devices: { registered: number; online: number };
      history: { queued: number; written: number; dropped: number };
    };
  // Bring-up: every edge's fleet at once; each resolves when its devices are connected.
  const t0 = performance.now();
  const spec = (e: Edge): FleetSpec => {
    const half = Math.floor(e.devices / 2);
    return {
      name: `scale-${e.prefix}`,
      seed: 1,
      rampUpPerSecond: o.rampPerSecond * o.workersPerBroker,
      site: 'scale-site',
      groups: [
        {
          type: 'env_sensor',
          count: e.devices - half,
          idPattern: `${e.prefix}-env-{n:05}`,
          publishIntervalMs: o.intervalMs,
        },
        {
          type: 'smart_breaker',
          count: half,
          idPattern: `${e.prefix}-brk-{n:05}`,
          publishIntervalMs: o.intervalMs,
        },
      ],
    };
  };
  const progress = setInterval(() => {
    void health()
      .then((h) =>
        log(
          `bring-up: ${edges.filter((e) => e.fleet).length} of ${edges.length} edges' fleets all connected, ` +
            `${fmt(h.devices.registered)} twins, ${fmt(h.devices.online)} online`,
        ),
      )
      .catch(() => undefined);
  }, 10_000);
  await Promise.all(
    edges.map(async (e) => {
      e.fleet = await startWorkerFleet(spec(e), {
        mqttUrl: `mqtt://127.0.0.1:${e.port}`,
        workers: o.workersPerBroker,
        // Not bound to a source address: every edge's first worker would bind the same 127.0.0.2, and a
        // bound socket holds its port for every destination (28,000 in all); unbound, connect() reuses
        // ports across the edges' different broker ports, so each edge has its own ~28,000.
        sourceAddresses: 'none',
      });
    }),
  );
  const connectedMs = performance.now() - t0;
  log(`all ${fmt(o.devices)} devices connected in ${fmt(connectedMs / 1000, 1)} s`);
  // Up = every twin registered and online. A platform that cannot keep up (a starved CPU) never gets
  // there: after 10 minutes the run is measured anyway, and the figures say so.
  const up = await waitFor(
    async () => {
      const h = await health();
      return h.devices.registered >= o.devices && h.devices.online >= o.devices ? true : false;
    },
    600_000,
    1_000,
  ).then(
    () => true,
    () => false,
  );
  clearInterval(progress);
  const upMs = performance.now() - t0;
  const atUp = await health();
  const upText = up
    ? `all twins registered and online in ${fmt(upMs / 1000, 1)} s`
    : `NOT all up after ${fmt(upMs / 1000, 1)} s: ${fmt(atUp.devices.registered)} twins, ${fmt(atUp.devices.online)} online (measured anyway)`;
  log(upText);

  // The measured run: CPU of every process from /proc at both ends, RSS sampled every 10 s.
  const procs: { name: string; pid: number; devices?: number }[] = [
    { name: 'platform', pid: platform.pid },
    ...edges.flatMap((e) =>
      (e.fleet?.workers ?? []).map((w) => ({
        name: `simulator ${e.prefix}.${w.index}`,
        pid: w.pid,
        devices: w.devices,
      })),
    ),
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
  log(`measuring for ${o.seconds} s`);
  while (performance.now() - w0 < o.seconds * 1000) {
    sample();
    loads.push(loadAverage());
    await new Promise((r) =>
      setTimeout(r, Math.min(10_000, o.seconds * 1000 - (performance.now() - w0) + 1)),
    );
  }
  sample();
  const windowS = (performance.now() - w0) / 1000;
  const cpu = procs.map((p) => ({
    ...p,
    cpuPct: ((cpuSeconds(p.pid) - (cpu0.get(p.pid) ?? 0)) / windowS) * 100,
  }));
  const rss = new Map(procs.map((p) => [p.pid, rssOf(p.pid)]));
  const platformRss = rss.get(platform.pid) ?? 0;

  // Listing under load: pages of 1,000 walked with the cursor, and a filtered query.
  const listing: { label: string; p50: number; p99: number }[] = [];
  for (const [label, first] of [
    ['GET /devices?limit=1000 (walking next)', 'limit=1000'],
    [
      'GET /devices?limit=1000&type=smart_breaker&online=true&idPrefix=s1-',
      'limit=1000&type=smart_breaker&online=true&idPrefix=s1-',
    ],
  ] as const) {
    const samples = new Samples();
    let query: string = first;
    for (let k = 0; k < 50; k++) {
      const a = performance.now();
      const page = (await (await get(`${platform.url}/devices?${query}`)).json()) as { next?: string };
      samples.add(performance.now() - a);
      query = page.next ? `${first}&cursor=${page.next}` : first;
    }
    const [p50, p99] = samples.percentiles([50, 99]);
    listing.push({ label, p50: p50 as number, p99: p99 as number });
  }

  // Stop publishing, let the platform drain, then count.
  log('stopping the fleet and waiting for history to drain');
  await Promise.all(edges.map((e) => e.fleet?.stop()));
  const published = edges.reduce((n, e) => n + (e.fleet?.stats().telemetry ?? 0), 0);
  // A platform behind the fleet still has readings queued in the brokers: wait until it has ingested
  // what was published, or has taken nothing new for 30 s (at most 15 minutes), then for history.
  const ingestedNow = async () => {
    const text = await (await get(`${platform.url}/metrics`)).text();
    return Number(/^twinbench_messages_in_total\{kind="telemetry"\} (\d+)/m.exec(text)?.[1] ?? 0);
  };
  const drain0 = performance.now();
  let ingested = await ingestedNow();
  for (
    let last = ingested, still = 0;
    ingested < published && still < 30 && performance.now() - drain0 < 900_000;
  ) {
    await new Promise((r) => setTimeout(r, 1_000));
    ingested = await ingestedNow();
    still = ingested === last ? still + 1 : 0;
    last = ingested;
  }
  const drainS = (performance.now() - drain0) / 1000;
  await waitFor(async () => ((await health()).history.queued === 0 ? true : false), 120_000, 500).catch(
    () => undefined,
  );
  await new Promise((r) => setTimeout(r, 2_000));
  const h = await health();
  ingested = await ingestedNow();
  const influx = new InfluxClient({ url: influxInfo.url, db: influxInfo.db });
  let stored = 0;
  let gaps = 0;
  let devicesSeen = 0;
  let fewest = Infinity;
  for (const e of edges) {
    const series = await influx.query(
      `SELECT count(_seq), min(_seq), max(_seq) FROM telemetry WHERE device_id =~ /^${e.prefix}-/ GROUP BY device_id`,
    );
    for (const s of series) {
      const [, count, min, max] = (s.values[0] ?? []) as number[];
      devicesSeen++;
      stored += count ?? 0;
      gaps += (max ?? 0) - (min ?? 0) + 1 - (count ?? 0);
      fewest = Math.min(fewest, count ?? 0);
    }
  }

  const sims = cpu.filter((p) => p.devices !== undefined);
  const simRss = sims.reduce((n, p) => n + (rss.get(p.pid) ?? 0), 0);
  console.log(
    `\nscale bench: ${fmt(o.devices)} devices, one reading per device every ${o.intervalMs / 1000} s, measured for ${fmt(windowS)} s`,
  );
  console.log(
    `topology: direct MQTT connections, ${edges.length} edge Mosquitto brokers (≤ ${fmt(o.perBroker)} connections each) bridged into one central broker; ${sims.length} simulator processes`,
  );
  console.log(
    `machine: 2 cores shared with other work; load average during the run ${fmt(Math.min(...loads), 1)}–${fmt(Math.max(...loads), 1)}`,
  );
  console.log(`bring-up: all connected in ${fmt(connectedMs / 1000, 1)} s; ${upText}`);
  console.log(
    `drain: the platform took ${fmt(drainS, 1)} s after the fleet stopped to ingest what was published\n` +
      `loss: simulators published ${fmt(published)} telemetry messages, platform ingested ${fmt(ingested)}, InfluxDB holds ${fmt(stored)} points ` +
      `of ${fmt(devicesSeen)} devices (fewest per device ${fmt(fewest)}); sequence gaps ${fmt(gaps)}; history dropped ${fmt(h.history.dropped)} → ` +
      `${published === ingested && ingested === stored && gaps === 0 && devicesSeen === o.devices ? 'zero loss' : 'LOSS'}`,
  );
  console.log(
    `platform memory (whole process RSS): ${fmt(platformRss / MB, 1)} MB with ${fmt(h.devices.registered)} twins = ${fmt(platformRss / o.devices / 1024, 2)} KiB per twin; ` +
      `marginal (RSS − ${fmt(platformFixed / MB, 1)} MB before the first device) ${fmt((platformRss - platformFixed) / o.devices / 1024, 2)} KiB per twin`,
  );
  console.log(
    `simulator memory (whole process RSS): ${fmt(simRss / MB, 1)} MB in ${sims.length} processes for ${fmt(o.devices)} connected devices = ${fmt(simRss / o.devices / 1024, 2)} KiB per device`,
  );
  for (const l of listing)
    console.log(
      `${l.label}: p50 ${fmt(l.p50, 1)} ms, p99 ${fmt(l.p99, 1)} ms (50 requests, fleet publishing)`,
    );
  console.log(
    '\nprocess                 pid      RSS MB   peak MB   CPU % of one core (during the measured run)',
  );
  for (const p of cpu) {
    console.log(
      `${p.name.padEnd(22)} ${String(p.pid).padStart(7)} ${fmt((rss.get(p.pid) ?? 0) / MB, 1).padStart(9)} ${fmt((peak.get(p.pid) ?? 0) / MB, 1).padStart(9)}   ${fmt(p.cpuPct, 1).padStart(6)}`,
    );
  }
}
