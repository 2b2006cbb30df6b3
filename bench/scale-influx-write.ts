// What InfluxDB 1.x costs for the scale bench's history: the platform's telemetry lines of 101,001
// env sensors (90,000 children, 11,001 others; 14 fields a point: 12 of the device, `_seq`, `_sent`) at
// 10,100 points a second, written as the platform's history writer does (5,000 lines a request, two
// requests at once), into a local influxd of its own configured as the stack's. Every series is written
// once before measuring (the bench's bring-up). Prints influxd's CPU per point, the points a second it
// took, write latency and RSS (docs/scale.md, "Where the time goes").
//
//   npx node bench/scale-influx-write.ts [seconds] [variant] [batch lines]
//
// variant: letters, any of S (cache-snapshot-memory-size 256 MB instead of InfluxDB's 25 MB), N (no
// `_sent` field), F (no `fw_version` string field), Y (no `type` tag); "A" or "" is the line as stored.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findBinary, freePort, INFLUX_CACHE_SNAPSHOT_BYTES, influxEnv } from '../stack/index.ts';
import { cpuSeconds, loadAverage, rssOf } from './proc.ts';

const [secondsArg = '120', variant = 'A', batchArg = '5000'] = process.argv.slice(2);
const seconds = Number(secondsArg);
const batch = Number(batchArg);
const DEVICES = 101_001;
const RATE = 10_100;

const influxd = findBinary('influxd');
if (!influxd) throw new Error('needs influxd on PATH (apt-get install influxdb)');
const [port, rpc] = [await freePort(), await freePort()];
const dir = mkdtempSync(path.join(tmpdir(), 'twinbench-influx-write-'));
// The stack's influxd settings (influxEnv), but for the variant: S is its 256 MB snapshot size, no S
// InfluxDB's own 25 MB.
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...influxEnv({ httpBind: `127.0.0.1:${port}`, rpcBind: `127.0.0.1:${rpc}`, dataRoot: dir, auth: false }),
};
if (variant.includes('S')) env.INFLUXDB_DATA_CACHE_SNAPSHOT_MEMORY_SIZE = String(INFLUX_CACHE_SNAPSHOT_BYTES);
else delete env.INFLUXDB_DATA_CACHE_SNAPSHOT_MEMORY_SIZE;
const proc = spawn(influxd, [], { env, stdio: 'ignore' });
const pid = proc.pid ?? -1;
const url = `http://127.0.0.1:${port}`;
const stop = async () => {
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
};

try {
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`${url}/ping`).then(
      (r) => r.status === 204,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await fetch(`${url}/query?q=CREATE+DATABASE+scale`, { method: 'POST' });

  const ids = Array.from({ length: DEVICES }, (_, i) =>
    i < 90_000
      ? `s${i % 2}-bat-${String(i).padStart(6, '0')}`
      : `s${i % 2}-dev-${String(i).padStart(5, '0')}`,
  );
  const seq = new Float64Array(DEVICES);
  const r = (base: number, spread: number, digits: number) => (base + Math.random() * spread).toFixed(digits);
  // The platform's line (platform/history/encode.ts): numbers as floats, tags device_id and type.
  const line = (i: number, ts: number): string => {
    const n = (seq[i] ?? 0) + 1;
    seq[i] = n;
    const f = [`uptime_s=${n * 10}.0`];
    if (!variant.includes('F')) f.push('fw_version="1.4.2"');
    f.push(
      `temperature=${r(21, 1, 2)}`,
      `humidity=${r(45, 3, 2)}`,
      `pressure=${r(1013, 1, 2)}`,
      `gas_resistance=${r(120_000, 5_000, 1)}`,
      `light=${r(300, 50, 1)}`,
      `sound=${r(40, 5, 1)}`,
      `motion=${Math.random() < 0.1}`,
      `battery=${(87 - n * 0.001).toFixed(3)}`,
      `battery_voltage=${r(3.7, 0.01, 3)}`,
      `rssi=${-67 - Math.round(Math.random() * 5)}.0`,
      `_seq=${n}.0`,
    );
    if (!variant.includes('N')) f.push(`_sent=${ts}.0`);
    const tags = variant.includes('Y') ? `device_id=${ids[i]}` : `device_id=${ids[i]},type=env_sensor`;
    return `telemetry,${tags} ${f.join(',')} ${ts}`;
  };
  const write = async (lines: string[]) => {
    const res = await fetch(`${url}/write?db=scale&precision=ms`, { method: 'POST', body: lines.join('\n') });
    if (res.status !== 204) console.error(`write: ${res.status} ${await res.text()}`);
  };

  // Every series once, not measured.
  for (let i = 0; i < DEVICES; i += 5_000) {
    const ts = Date.now();
    const lines: string[] = [];
    for (let j = i; j < Math.min(DEVICES, i + 5_000); j++) lines.push(line(j, ts));
    await write(lines);
  }
  await new Promise((r) => setTimeout(r, 5_000));

  const cpu0 = cpuSeconds(pid);
  const t0 = Date.now();
  let written = 0;
  let next = 0;
  let writes = 0;
  let writeMs = 0;
  let maxMs = 0;
  const inFlight = new Set<Promise<void>>();
  while (Date.now() - t0 < seconds * 1000) {
    const due = Math.floor(((Date.now() - t0) / 1000) * RATE);
    if (due - written >= batch || (due > written && inFlight.size === 0)) {
      const n = Math.min(batch, due - written);
      const ts = Date.now();
      const lines: string[] = [];
      for (let j = 0; j < n; j++) {
        lines.push(line(next, ts));
        next = (next + 1) % DEVICES;
      }
      written += n;
      const a = performance.now();
      const w = write(lines).then(() => {
        const ms = performance.now() - a;
        writes++;
        writeMs += ms;
        maxMs = Math.max(maxMs, ms);
      });
      inFlight.add(w);
      void w.finally(() => inFlight.delete(w));
      if (inFlight.size >= 2) await Promise.race(inFlight);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await Promise.all(inFlight);
  const elapsed = (Date.now() - t0) / 1000;
  const cpu1 = cpuSeconds(pid);
  // Snapshots and compactions of what was written come after it: 15 s of them are counted too.
  await new Promise((r) => setTimeout(r, 15_000));
  const cpu2 = cpuSeconds(pid);
  console.log(
    `variant ${variant || 'A'}, ${batch} lines a write: ${written} points in ${elapsed.toFixed(1)} s ` +
      `(${(written / elapsed).toFixed(0)} a second of the ${RATE} offered); influxd CPU ${(((cpu1 - cpu0) / elapsed) * 100).toFixed(1)} % of a core ` +
      `while writing, ${((1e6 * (cpu2 - cpu0)) / written).toFixed(1)} µs a point (15 s after included); ` +
      `write ${(writeMs / Math.max(1, writes)).toFixed(0)} ms on average, at most ${maxMs.toFixed(0)} ms; ` +
      `RSS ${(rssOf(pid) / 1_048_576).toFixed(0)} MB; load average ${loadAverage()}`,
  );
} finally {
  await stop();
}
