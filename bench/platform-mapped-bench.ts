// Mapped-profile phase of the platform bench (issue 14): the same platform takes twinbench's own
// envelope on tb/v1 (no mapping) and the usual ESP32 message on iot-node (mapped: sensors object,
// {value, unit}, epoch seconds, health keys), in alternating rounds; throughput is twin changes per
// second at an offered rate above what the platform holds, printed as mapped ÷ unmapped (target ≥ 0.90).
// Also the in-process cost per message of mapping + checking against checking alone.
import { builtinProfile, mapTelemetry, parseTelemetry } from '../twin/index.ts';
import { startPlatformProcess, startStack } from '../stack/index.ts';
import { LoadGenerator } from './load.ts';
import { fmt, progress, progressDone } from './stats.ts';

export interface MappedBenchOptions {
  devices: number;
  connections: number;
  /** Offered rate, msg/s: above what the platform holds, so throughput is its own. */
  rate: number;
  seconds: number;
  /** Rounds of (unmapped, mapped); the median of each is compared. */
  rounds: number;
}

export const MAPPED_BENCH_DEFAULTS: MappedBenchOptions = {
  devices: 200,
  connections: 4,
  rate: 30_000,
  seconds: 5,
  rounds: 3,
};

const log = (m: string) => console.error(`[bench mapped] ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function optionsFromEnv(): MappedBenchOptions {
  const o = { ...MAPPED_BENCH_DEFAULTS };
  for (const key of Object.keys(o) as (keyof MappedBenchOptions)[]) {
    const v = process.env[`BENCH_MAPPED_${key.toUpperCase()}`];
    if (v) o[key] = Number(v);
  }
  return o;
}

const unmappedPayload = (seq: number) =>
  `{"seq":${seq},"sent":${Date.now()},"fields":{"temperature":21.3,"humidity":41.5,"pressure":1013.2,"rssi":-61}}`;

const mappedPayload = (id: string, seq: number) => {
  const now = Date.now();
  return `{"device_id":"${id}","timestamp":${Math.floor(now / 1000)},"seq":${seq},"sent":${now},"sensors":{"temperature":{"value":21.3,"unit":"°C"},"humidity":41.5,"pressure":1013.2},"rssi":-61,"free_heap":182000,"uptime":3600}`;
};

/** ns per message of `fn` over `n` calls (after a warm-up). */
function nsPer(n: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < 20_000; i++) fn(i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  return Number(process.hrtime.bigint() - t0) / n;
}

function inProcess(): { unmapped: number; mapped: number } {
  const node = builtinProfile('iot-node');
  const n = 200_000;
  // Payloads made beforehand, so only what ingest does is timed: JSON.parse, then check (or map + check).
  const plainTexts = Array.from({ length: 64 }, (_, i) => unmappedPayload(i));
  const espTexts = Array.from({ length: 64 }, (_, i) => mappedPayload('esp32-01', i));
  const unmapped = nsPer(n, (i) => parseTelemetry('env_sensor', JSON.parse(plainTexts[i & 63]!)));
  const mapped = nsPer(n, (i) => mapTelemetry(node, 'env_sensor', 'esp32-01', JSON.parse(espTexts[i & 63]!)));
  return { unmapped, mapped };
}

export async function runMappedBench(o: MappedBenchOptions = optionsFromEnv()): Promise<{ ratio: number }> {
  const cpu = inProcess();
  log(
    `in process: check ${fmt(cpu.unmapped)} ns/msg, map + check ${fmt(cpu.mapped)} ns/msg (JSON.parse included)`,
  );

  log(`starting stack and platform (${o.devices} devices per profile)`);
  await using stack = await startStack({ onProgress: log });
  await using platform = await startPlatformProcess(stack.info, {
    config: { logLevel: 'warn', heartbeatTimeoutMs: 600_000, profiles: ['twinbench', 'iot-node'] },
  });
  const load = await LoadGenerator.connect(stack.mqttUrl, o.connections, 'bench-mapped');
  const ids = (p: string) =>
    Array.from({ length: o.devices }, (_, i) => `${p}-${String(i).padStart(4, '0')}`);
  const plain = ids('um');
  const esp = ids('mp');
  for (const [i, id] of plain.entries())
    load.publish(i, `tb/v1/${id}/status`, '{"online":true,"type":"env_sensor"}');
  for (const [i, id] of esp.entries())
    load.publish(i, `iot/node/${id}/status`, '{"online":true,"type":"env_sensor"}');
  const headers: Record<string, string> = platform.token ? { authorization: `Bearer ${platform.token}` } : {};
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(200)) {
    const h = (await (await fetch(`${platform.url}/health`, { headers })).json()) as {
      devices: { registered: number };
    };
    if (h.devices.registered >= 2 * o.devices) break;
  }

  const ws = new WebSocket(`${platform.wsUrl}/stream?kinds=telemetry`, { headers });
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', reject, { once: true });
  });
  const seen = { n: 0, at: 0 };
  ws.addEventListener('message', (e) => {
    seen.n += (JSON.parse(String(e.data)) as unknown[]).length;
    seen.at = performance.now();
  });

  const seq = new Map<string, number>();
  const next = (id: string) => {
    const s = (seq.get(id) ?? 0) + 1;
    seq.set(id, s);
    return s;
  };
  const message = {
    unmapped: (i: number) => {
      const id = plain[i % plain.length]!;
      return { topic: `tb/v1/${id}/telemetry`, payload: unmappedPayload(next(id)) };
    },
    mapped: (i: number) => {
      const id = esp[i % esp.length]!;
      return { topic: `iot/node/${id}/telemetry`, payload: mappedPayload(id, next(id)) };
    },
  };

  /** Twin changes per second: what reached the twins, over the time from the first publish to the last change. */
  const phase = async (kind: 'unmapped' | 'mapped', rate: number, seconds: number): Promise<number> => {
    const before = seen.n;
    const t0 = performance.now();
    const { sent, ms } = await load.drive(rate, seconds, message[kind], 1, (el) =>
      progress(`  ${kind} ${fmt(el / 1000, 1)} s  twin changes ${fmt(seen.n - before)}`),
    );
    // Wait until what was sent has arrived, or nothing more comes for 2 s.
    for (let last = -1; seen.n - before < sent && seen.n !== last; await sleep(2_000)) last = seen.n;
    progressDone();
    const got = seen.n - before;
    return (got / Math.max(ms, seen.at - t0)) * 1000;
  };

  log(`warm-up: 2,000 msg/s for 2 s each (not measured)`);
  await phase('unmapped', 2_000, 2);
  await phase('mapped', 2_000, 2);
  const rates = { unmapped: [] as number[], mapped: [] as number[] };
  for (let r = 0; r < o.rounds; r++) {
    for (const kind of ['unmapped', 'mapped'] as const) {
      log(`round ${r + 1}/${o.rounds}: ${kind}, ${fmt(o.rate)} msg/s offered for ${o.seconds} s`);
      rates[kind].push(await phase(kind, o.rate, o.seconds));
      await sleep(1_000);
    }
  }
  ws.close();
  await load.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const u = median(rates.unmapped);
  const m = median(rates.mapped);
  const ratio = u > 0 ? m / u : 0;
  console.log(
    `mapped profile: unmapped tb/v1 ${fmt(u)} msg/s (rounds ${rates.unmapped.map((x) => fmt(x)).join(', ')}), ` +
      `mapped iot-node ${fmt(m)} msg/s (rounds ${rates.mapped.map((x) => fmt(x)).join(', ')}); ` +
      `ratio ${fmt(ratio, 2)} (target ≥ 0.90)`,
  );
  console.log(
    `mapped profile, in process: check ${fmt(cpu.unmapped)} ns/msg, map + check ${fmt(cpu.mapped)} ns/msg ` +
      `(ratio of rates ${fmt(cpu.unmapped / cpu.mapped, 2)})`,
  );
  return { ratio };
}
