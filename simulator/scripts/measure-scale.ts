// Measures what one simulator process holds: N devices (default 10,000) each on its own MQTT
// connection to a local Mosquitto — ramp-up rate, RSS and heap per device, live publish rate, and the
// fastest publish rate (a virtual-time jump, QoS 1). Prints figures, asserts nothing.
//
// Memory comes in two kinds, each labelled: whole-process figures (a simulator process of its own,
// memory-probe.ts, its RSS read from outside as `ps` would: fixed RSS before the first device, whole RSS
// / devices) and marginal ones (this process, which also holds the stack's code: RSS growth per device).
//
//   npx node --expose-gc [--max-semi-space-size=8] simulator/scripts/measure-scale.ts [devices=10000] [rampPerSecond=2000]
//
// Under the allocation burst of building 10,000 devices V8 grows its young generation to its maximum
// (64 MB more on Node 24), which RSS shows; --max-semi-space-size=8 caps it at no cost in throughput.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { startStack } from '../../stack/index.ts';
import { startFleet, formatStats, type FleetSpec } from '../index.ts';

const devices = Number(process.argv[2] ?? 10_000);
const ramp = Number(process.argv[3] ?? 2000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const MB = 1_048_576;

async function newSpace(): Promise<number> {
  const v8 = await import('node:v8');
  return v8.getHeapSpaceStatistics().find((sp) => sp.space_name === 'new_space')?.space_size ?? 0;
}

async function settle(): Promise<{ rss: number; heap: number; heapTotal: number; young: number }> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 200));
  }
  const m = process.memoryUsage();
  if (process.env.VERBOSE) {
    console.log(JSON.stringify(m));
    const v8 = await import('node:v8');
    for (const sp of v8.getHeapSpaceStatistics()) {
      console.log(
        `  ${sp.space_name}: size ${(sp.space_size / MB).toFixed(1)} MB used ${(sp.space_used_size / MB).toFixed(1)} MB`,
      );
    }
  }
  return { rss: m.rss, heap: m.heapUsed + m.external, heapTotal: m.heapTotal, young: await newSpace() };
}

const third = Math.floor(devices / 3);
const spec: FleetSpec = {
  name: 'scale',
  seed: 1,
  rampUpPerSecond: ramp,
  groups: [
    { type: 'smart_breaker', count: devices - 2 * third },
    { type: 'env_sensor', count: third },
    { type: 'camera', count: third },
  ],
};

/** VmRSS of another process, in bytes (what `ps -o rss` shows). */
function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) * 1024;
}

/**
 * Whole-process memory: memory-probe.ts in a process of its own (only twin/ and simulator/ loaded, the
 * V8 flag the CLI uses), its RSS read from outside once all devices are connected.
 */
async function wholeProcess(mqttUrl: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '--max-semi-space-size=8',
      new URL('memory-probe.ts', import.meta.url).pathname,
      String(devices),
      mqttUrl,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let outside = 0;
  let figures: { connected: number; errors: number; rssBytes: Record<string, number> } | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith(`${devices} devices connected`)) outside = rssOf(child.pid ?? 0);
    if (line.startsWith('{')) figures = JSON.parse(line) as typeof figures;
    else console.log(`  probe: ${line}`);
  }
  if (!figures || outside === 0) {
    console.log('whole process: the probe did not finish (see its output above)');
    return;
  }
  const fixed = figures.rssBytes['simulator/ imported'] ?? 0;
  const one = figures.rssBytes['1 device connected'] ?? 0;
  const KiB = 1024;
  console.log(
    `whole process (simulator alone, RSS from outside): ${(outside / MB).toFixed(0)} MB for ${figures.connected}/${devices} connected devices = ${(outside / devices / KiB).toFixed(1)} KiB per device`,
  );
  console.log(
    `  fixed RSS before the first device (Node + twin/ + simulator/ loaded): ${(fixed / MB).toFixed(1)} MB; with 1 device: ${(one / MB).toFixed(1)} MB`,
  );
  console.log(
    `  marginal RSS per device (1 → ${devices} devices): ${((outside - one) / (devices - 1) / KiB).toFixed(1)} KiB`,
  );
}

const stack = await startStack({ mode: 'local' });
try {
  await wholeProcess(stack.mqttUrl);
  // Warm up the code paths (imports, faker, models, sockets) with a small fleet first.
  const warm = await startFleet(
    { seed: 2, groups: [{ type: 'env_sensor', count: 20, idPattern: 'warm-{n}' }] },
    { mqttUrl: stack.mqttUrl },
  );
  await warm.stop();
  const base = await settle();
  console.log('marginal (this process, which also holds the stack):');
  console.log(
    `baseline: rss ${(base.rss / MB).toFixed(1)} MB, heap+external ${(base.heap / MB).toFixed(1)} MB`,
  );

  const t0 = performance.now();
  let ramping = true;
  const fleet = await startFleet(spec, {
    mqttUrl: stack.mqttUrl,
    onProgress: (s) => ramping && console.log(`  ramp: ${formatStats(s)}`),
  });
  ramping = false;
  const rampS = (performance.now() - t0) / 1000;
  const s0 = fleet.stats();
  console.log(
    `ramp-up: ${s0.connected}/${devices} connected in ${rampS.toFixed(1)} s = ${(s0.connected / rampS).toFixed(0)} connections/s (asked ${ramp}/s), errors ${s0.errors}`,
  );

  await new Promise((r) => setTimeout(r, 20_000));
  const held = await settle();
  const s1 = fleet.stats();
  console.log(`live (real time, default intervals): ${formatStats(s1)}`);
  console.log(
    `marginal per device: rss ${((held.rss - base.rss) / devices / 1024).toFixed(1)} KB, heap+external ${((held.heap - base.heap) / devices / 1024).toFixed(1)} KB, V8 heap committed ${((held.heapTotal - base.heapTotal) / devices / 1024).toFixed(1)} KB (total rss ${(held.rss / MB).toFixed(0)} MB)`,
  );
  const young = held.young - base.young;
  if (young > 0) {
    console.log(
      `  of which V8's young generation grew by ${(young / MB).toFixed(0)} MB (a fixed cost, not per device; run with --max-semi-space-size=8 to cap it): ${((held.rss - base.rss - young) / devices / 1024).toFixed(1)} KB per device without it`,
    );
  }
  await fleet.stop();

  // Throughput: the same fleet on a paused clock, then a 10-minute jump: every due publish at once.
  const fast = await startFleet(spec, { mqttUrl: stack.mqttUrl, clock: { speed: 0 } });
  const p0 = fast.stats().published;
  const t1 = performance.now();
  await fast.advance(10 * 60_000);
  const dt = (performance.now() - t1) / 1000;
  const n = fast.stats().published - p0;
  console.log(
    `throughput (advance 10 min, QoS 1, acknowledged): ${n} messages in ${dt.toFixed(1)} s = ${(n / dt).toFixed(0)} msg/s`,
  );
  await fast.stop();
} finally {
  await stack.stop();
}
