// Platform memory per twin, whole process: a platform process of its own, fed N devices (a retained
// birth with name, tags and location, then telemetry) by a fast publisher over a few MQTT connections;
// its RSS is read from /proc as `ps` would. Prints fixed RSS (before the first device), RSS with N twins,
// whole RSS / twins and marginal (RSS growth / twins), and times GET /devices pages and a filtered query.
//
//   node bench/scale-platform-memory.ts [twins=10000] [telemetryRounds=2]
import { startPlatformProcess, startStack } from '../stack/index.ts';
import type { DeviceType } from '../twin/index.ts';
import { LoadGenerator } from './load.ts';
import { cpuSeconds, rssOf, waitFor } from './proc.ts';
import { fmt, Samples } from './stats.ts';

const twins = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 2);
const MB = 1_048_576;
const log = (m: string) => console.error(`[memory] ${m}`);

await using stack = await startStack({
  mode: 'local',
  broker: { persistence: false },
  onProgress: log,
});
await using platform = await startPlatformProcess(stack.info, {
  config: { logLevel: 'warn', heartbeatTimeoutMs: 3_600_000, maxDevices: Math.max(100_000, twins) },
});
// The run's admin token (API tokens are on by default: docs/security.md).
const auth: Record<string, string> = platform.token ? { authorization: `Bearer ${platform.token}` } : {};
const get = (url: string) => fetch(url, { headers: auth });
const settle = () => new Promise((r) => setTimeout(r, 3_000));
await settle();
const fixed = rssOf(platform.pid);
log(`platform pid ${platform.pid}: ${fmt(fixed / MB, 1)} MB before the first device`);

const load = await LoadGenerator.connect(stack.mqttUrl, 8, 'mem-pub');
// Telemetry as the twinbench golden messages have it, per type (twin/json/golden/valid).
const SAMPLE_FIELDS: Partial<Record<DeviceType, string>> = {
  env_sensor:
    '{"temperature":21.5,"humidity":45.2,"pressure":1013.2,"battery":87,"motion":false,"uptime_s":3600}',
  smart_breaker:
    '{"voltage_an":230.1,"current_a":12.4,"active_power":8450,"power_factor":0.97,"frequency":50.01,"breaker_state":"closed","trip_count":0,"last_trip_cause":"none","curve":"C","fw_version":"2.4.1"}',
  camera: '{"fps":25,"resolution":"1920x1080","recording":true,"motion_events":3}',
};
const types = Object.keys(SAMPLE_FIELDS) as DeviceType[];
const fields = Object.values(SAMPLE_FIELDS);
const id = (i: number) => `mem-${String(i).padStart(6, '0')}`;
const birth = (i: number) => ({
  topic: `tb/v1/${id(i)}/status`,
  payload: JSON.stringify({
    online: true,
    type: types[i % 3],
    fw_version: '1.4.2',
    name: `Device ${i}`,
    tags: { group: types[i % 3] as string },
    location: {
      site: 'site-a',
      building: 'main',
      floor: `F${1 + (Math.floor(i / 100) % 10)}`,
      room: `R${i % 100}`,
      x: i % 50,
      y: Math.floor(i / 50) % 50,
      z: 3,
    },
  }),
});

/** Publishes messages 0..n-1 (QoS 1) at up to 20,000 a second, one corked write per connection and tick. */
async function publishAll(n: number, message: (i: number) => { topic: string; payload: string }) {
  const perTick = 200;
  for (let i = 0; i < n;) {
    load.batch(() => {
      for (const end = Math.min(n, i + perTick); i < end; i++) {
        const m = message(i);
        load.publish(i, m.topic, m.payload);
      }
    });
    await new Promise((r) => setTimeout(r, 10));
  }
}
const t0 = performance.now();
await publishAll(twins, birth);
await waitFor(async () => {
  const h = (await (await get(`${platform.url}/health`)).json()) as { devices: { registered: number } };
  return h.devices.registered >= twins ? true : false;
}, 120_000);
log(`${fmt(twins)} registered in ${fmt((performance.now() - t0) / 1000, 1)} s`);
let seq = 0;
for (let r = 0; r < rounds; r++) {
  seq++;
  await publishAll(twins, (i) => ({
    topic: `tb/v1/${id(i)}/telemetry`,
    payload: `{"seq":${seq},"fields":${fields[i % 3]}}`,
  }));
}
await load.close();
await waitFor(async () => {
  const h = (await (await get(`${platform.url}/health`)).json()) as { history?: { queued?: number } };
  return (h.history?.queued ?? 0) === 0 ? true : false;
}, 120_000).catch(() => undefined);
// Settled: RSS read every 5 s until three readings agree within 2 % (V8 shrinks its heap some seconds
// after the allocation burst), at most 90 s; on a loaded machine this is still only an estimate.
const readings: number[] = [];
for (let k = 0; k < 18; k++) {
  await new Promise((r) => setTimeout(r, 5_000));
  readings.push(rssOf(platform.pid));
  const last = readings.slice(-3);
  if (last.length === 3 && Math.max(...last) <= Math.min(...last) * 1.02) break;
}
const full = readings.at(-1) as number;

async function time(url: string, n: number): Promise<{ p50: number; p99: number; bytes: number }> {
  const s = new Samples();
  let bytes = 0;
  for (let k = 0; k < n; k++) {
    const a = performance.now();
    const res = await get(url);
    if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
    bytes = (await res.arrayBuffer()).byteLength;
    s.add(performance.now() - a);
  }
  const [p50, p99] = s.percentiles([50, 99]);
  return { p50: p50 as number, p99: p99 as number, bytes };
}
const cpu = cpuSeconds(platform.pid);
console.log(`\nplatform memory with ${fmt(twins)} twins (whole process, RSS from /proc/${platform.pid})`);
console.log(`  fixed, before the first device   ${fmt(fixed / MB, 1)} MB`);
console.log(`  with ${fmt(twins)} twins              ${fmt(full / MB, 1)} MB`);
console.log(`  whole RSS / twins                ${fmt(full / twins / 1024, 2)} KiB`);
console.log(`  marginal (RSS growth / twins)    ${fmt((full - fixed) / twins / 1024, 2)} KiB`);
const metrics = await (await get(`${platform.url}/metrics`)).text();
const metric = (name: string) =>
  Number(new RegExp(`^twinbench_process_${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(metrics)?.[1] ?? 0);
console.log(
  `  V8 heap used ${fmt(metric('nodejs_heap_size_used_bytes') / MB, 1)} MB of ${fmt(metric('nodejs_heap_size_total_bytes') / MB, 1)} MB; external ${fmt(metric('nodejs_external_memory_bytes') / MB, 1)} MB`,
);
console.log(`  platform CPU so far              ${fmt(cpu, 1)} s`);
for (const [label, url, n] of [
  ['GET /devices (default)', `${platform.url}/devices`, 5],
  ['GET /devices?limit=1000', `${platform.url}/devices?limit=1000`, 50],
  [
    'GET /devices?limit=1000&type=camera&floor=F3',
    `${platform.url}/devices?limit=1000&type=camera&floor=F3`,
    50,
  ],
  ['GET /devices?limit=1000&fields=id,online', `${platform.url}/devices?limit=1000&fields=id,online`, 50],
] as const) {
  const r = await time(url, n);
  console.log(
    `  ${label.padEnd(46)} p50 ${fmt(r.p50, 1)} ms  p99 ${fmt(r.p99, 1)} ms  ${fmt(r.bytes / 1024, 1)} KiB`,
  );
}
process.exit(0);
