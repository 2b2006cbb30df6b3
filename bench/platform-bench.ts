// Platform ingest benchmark: devices publish telemetry over MQTT into a real stack and the platform
// process; we count what reaches the twins (WebSocket stream) and InfluxDB, and time publish → twin.
import mqtt from 'mqtt';
import { InfluxClient, startPlatformProcess, startStack } from '../stack/index.ts';
import { LoadGenerator } from './load.ts';
import { fmt, progress, progressDone, Samples } from './stats.ts';

export interface PlatformBenchOptions {
  devices: number;
  connections: number;
  latencyRate: number;
  latencySeconds: number;
  throughputRate: number;
  throughputSeconds: number;
  rawRate: number;
  rawSeconds: number;
}

export const PLATFORM_BENCH_DEFAULTS: PlatformBenchOptions = {
  devices: 500,
  connections: 8,
  latencyRate: 5_000,
  latencySeconds: 10,
  throughputRate: 20_000,
  throughputSeconds: 15,
  rawRate: 60_000,
  rawSeconds: 5,
};

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
}

export async function runPlatformBench(
  o: PlatformBenchOptions = PLATFORM_BENCH_DEFAULTS,
): Promise<PhaseResult[]> {
  const log = (m: string) => console.error(`[bench] ${m}`);
  log(`starting stack and platform (${o.devices} devices over ${o.connections} connections)`);
  await using stack = await startStack({ onProgress: log });
  await using platform = await startPlatformProcess(stack.info, {
    config: { logLevel: 'warn', heartbeatTimeoutMs: 600_000 },
  });
  const influx = new InfluxClient({ url: stack.influx.url, db: stack.influx.db });
  const load = await LoadGenerator.connect(stack.mqttUrl, o.connections, 'bench-pub');
  const ids = Array.from({ length: o.devices }, (_, i) => `bench-${String(i).padStart(5, '0')}`);
  for (const [i, id] of ids.entries()) {
    load.clients[i % o.connections]?.publish(
      `tb/v1/${id}/status`,
      JSON.stringify({ online: true, type: 'env_sensor' }),
      { qos: 1 },
    );
  }
  await waitFor(async () => {
    const health = (await (await fetch(`${platform.url}/health`)).json()) as {
      devices: { registered: number };
    };
    return health.devices.registered >= o.devices;
  }, 30_000);

  // The observer: every telemetry change the platform streams, with publish → twin latency.
  const ws = new WebSocket(`${platform.wsUrl}/stream?kinds=telemetry`, {
    headers: bearer(platform.token),
  });
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', reject, { once: true });
  });
  let seen = 0;
  let lastSeenAt = 0;
  let latencies = new Samples();
  ws.addEventListener('message', (e) => {
    const now = Date.now();
    const changes = JSON.parse(String(e.data)) as { sent?: number }[];
    for (const c of changes) if (c.sent !== undefined) latencies.add(now - c.sent);
    seen += changes.length;
    lastSeenAt = performance.now();
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
  const warm = await load.drive(2_000, 3, message, 1);
  await waitFor(async () => seen >= warm.sent, 20_000).catch(() => undefined);

  const results: PhaseResult[] = [];
  for (const [name, rate, seconds] of [
    ['latency', o.latencyRate, o.latencySeconds],
    ['throughput', o.throughputRate, o.throughputSeconds],
  ] as const) {
    latencies = new Samples();
    const seenBefore = seen;
    const startMs = Date.now();
    const t0 = performance.now();
    log(`${name}: ${fmt(rate)} msg/s for ${seconds} s`);
    const { sent, ms } = await load.drive(rate, seconds, message, 1, (elapsed) =>
      progress(
        `  ${fmt(elapsed / 1000, 1)} s  sent ${fmt(load.sent)}  twin changes ${fmt(seen - seenBefore)}`,
      ),
    );
    await waitFor(async () => seen - seenBefore >= sent, 30_000).catch(() => undefined);
    progressDone();
    const twinChanges = seen - seenBefore;
    const ingestMs = Math.max(ms, lastSeenAt - t0);
    const influxPoints = await waitFor(async () => {
      const n = await countPoints(influx, startMs);
      return n >= sent ? n : false;
    }, 30_000).catch(() => countPoints(influx, startMs));
    const [p50, p99, max] = latencies.percentiles([50, 99, 100]);
    results.push({
      name,
      targetRate: rate,
      sent,
      publishRate: (sent / ms) * 1000,
      twinChanges,
      ingestRate: (Math.min(twinChanges, sent) / ingestMs) * 1000,
      influxPoints,
      lost: Math.max(0, sent - Math.min(twinChanges, influxPoints)),
      drainMs: Math.max(0, lastSeenAt - (t0 + ms)),
      p50: p50 as number,
      p99: p99 as number,
      max: max as number,
    });
    await new Promise((r) => setTimeout(r, 1_000));
  }
  ws.close();

  // Raw broker throughput: the same publishers, a plain subscriber, no platform in the path.
  log(`raw broker: ${fmt(o.rawRate)} msg/s offered for ${o.rawSeconds} s to a plain subscriber`);
  const sub = await mqtt.connectAsync(stack.mqttUrl, { clientId: 'bench-raw-sub', reconnectPeriod: 0 });
  let rawSeen = 0;
  let rawLast = 0;
  sub.on('message', () => {
    rawSeen++;
    rawLast = performance.now();
  });
  await sub.subscribeAsync('bench/raw/#', { qos: 1 });
  const payload = message(0).payload;
  const r0 = performance.now();
  const raw = await load.drive(
    o.rawRate,
    o.rawSeconds,
    (i) => ({ topic: `bench/raw/${i % o.devices}`, payload }),
    1,
  );
  await waitFor(async () => rawSeen >= raw.sent, 20_000).catch(() => undefined);
  const rawRate = (rawSeen / Math.max(raw.ms, rawLast - r0)) * 1000;
  await sub.endAsync();
  await load.close();

  console.log('\nplatform ingest (publish → twin on the WebSocket, and into InfluxDB)');
  console.log(
    'phase        target/s    sent    published/s  ingested/s  twin changes  influx points  lost  drain ms  p50 ms  p99 ms  max ms',
  );
  for (const r of results) {
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
      ].join(' '),
    );
  }
  const best = Math.max(...results.map((r) => r.ingestRate));
  console.log(
    `raw broker → plain subscriber: ${fmt(rawRate)} msg/s (${fmt(rawSeen)} of ${fmt(raw.sent)} received)`,
  );
  console.log(`platform / raw: ${fmt((best / rawRate) * 100, 1)} %`);
  const lat = results.find((r) => r.name === 'latency');
  const thr = results.find((r) => r.name === 'throughput');
  // Sustained = the offered rate was published, every message reached twins and InfluxDB, and ingest
  // was at most a second behind when publishing stopped.
  const sustained =
    !!thr && thr.publishRate >= thr.targetRate * 0.995 && thr.lost === 0 && thr.drainMs <= 1_000;
  console.log(
    `targets: ${fmt(o.throughputRate)} msg/s sustained with zero loss: ${sustained ? 'met' : 'NOT met'}; ` +
      `p99 < 50 ms at ${fmt(o.latencyRate)} msg/s: ${lat && lat.p99 < 50 ? 'met' : 'NOT met'}`,
  );
  return results;
}

async function countPoints(influx: InfluxClient, sinceMs: number): Promise<number> {
  const s = await influx.query(`SELECT count(_seq) FROM telemetry WHERE time >= ${sinceMs}ms`);
  return Number(s[0]?.values[0]?.[1] ?? 0);
}

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
