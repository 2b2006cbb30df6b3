// Measures what the simulator holds at scale: N devices (default 10,000) each on its own MQTT connection
// to a local Mosquitto. Prints figures, asserts nothing. Memory comes in two kinds, each labelled:
//
// - whole-process (first): the simulator process exactly as `twinbench simulate` runs it (simulator/main.ts
//   bundled, its V8 flags), RSS read from outside as `ps -o rss` does; RSS / devices. Once for one
//   process, once for the same fleet over `--workers 2` (the RSS of both processes added up).
// - marginal: RSS growth per device inside this process (which also holds the stack's code), after the
//   fixed cost; what one more device costs, not what a fleet costs.
//
//   npx node --expose-gc --max-semi-space-size=8 simulator/scripts/measure-scale.ts [devices=10000] [rampPerSecond=2000]
//
// Timing figures (ramp, throughput) depend on the machine's load: compare them within one run.
import { startStack } from '../../stack/index.ts';
import { startFleet, startWorkerFleet, formatStats } from '../index.ts';
import { SIMULATOR_EXEC_ARGV, simulatorEntry } from '../process/bundle.ts';
import { measureSimulatorProcess, rssOf, scaleSpec } from './process-rss.ts';

const devices = Number(process.argv[2] ?? 10_000);
const ramp = Number(process.argv[3] ?? 2000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const MB = 1_048_576;
const KiB = 1024;

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
  return { rss: m.rss, heap: m.heapUsed + m.external, heapTotal: m.heapTotal, young: await newSpace() };
}

const spec = scaleSpec(devices, ramp);
const rate = (n: number, ms: number) => `${((n * 1000) / ms).toFixed(0)} connections/s`;

/** Whole-process figures: one simulator process, then the same fleet over two. */
async function wholeProcess(mqttUrl: string): Promise<void> {
  const entry = await simulatorEntry();
  const how = `${entry.bundled ? 'bundled simulator/main.ts' : `simulator/main.ts (not bundled: ${entry.why})`}, ${SIMULATOR_EXEC_ARGV.join(' ')}`;
  console.log(
    `whole process (the simulator process as twinbench simulate runs it: ${how}; RSS from outside):`,
  );
  const one = await measureSimulatorProcess({
    entry: entry.path,
    execArgv: SIMULATOR_EXEC_ARGV,
    spec: scaleSpec(1),
    mqttUrl,
    settleMs: 2000,
  });
  const all = await measureSimulatorProcess({
    entry: entry.path,
    execArgv: SIMULATOR_EXEC_ARGV,
    spec,
    mqttUrl,
  });
  console.log(
    `  1 process: ${(all.rssBytes / MB).toFixed(1)} MB for ${all.connected}/${devices} connected devices = ${(all.rssBytes / devices / KiB).toFixed(1)} KiB per device (whole process)`,
  );
  console.log(
    `    of which fixed: ${(one.rssBytes / MB).toFixed(1)} MB with 1 device; marginal ${((all.rssBytes - one.rssBytes) / (devices - 1) / KiB).toFixed(1)} KiB per further device`,
  );
  console.log(
    `    ramp: ${rate(all.connected, all.upMs)} (asked ${ramp}/s), process start to all up ${(all.spawnToUpMs / 1000).toFixed(1)} s, ${all.errors} errors`,
  );

  const t0 = performance.now();
  const fleet = await startWorkerFleet(spec, { mqttUrl, workers: 2, progressIntervalMs: 60_000 });
  try {
    const upMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 10_000));
    const rss = fleet.workers.map((w) => rssOf(w.pid));
    const total = rss.reduce((a, b) => a + b, 0);
    const s = fleet.stats();
    console.log(
      `  --workers 2: ${(total / MB).toFixed(1)} MB (${rss.map((r) => (r / MB).toFixed(1)).join(' + ')}) for ${s.connected}/${devices} connected devices = ${(total / devices / KiB).toFixed(1)} KiB per device (whole processes), from ${fleet.workers.map((w) => w.localAddress ?? 'any address').join(' and ')}`,
    );
    console.log(
      `    ramp: ${rate(s.connected, upMs)} from the first fork to all up (asked ${ramp}/s), ${s.reconnects} reconnects, ${s.errors} errors${s.lastError ? ` (last: ${s.lastError})` : ''}`,
    );
  } finally {
    await fleet.stop();
  }
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
  console.log('marginal (inside this process, which also holds the stack; after its fixed cost):');
  console.log(
    `  baseline: rss ${(base.rss / MB).toFixed(1)} MB, heap+external ${(base.heap / MB).toFixed(1)} MB`,
  );

  const t0 = performance.now();
  const fleet = await startFleet(spec, { mqttUrl: stack.mqttUrl });
  const rampMs = performance.now() - t0;
  const s0 = fleet.stats();
  console.log(
    `  ramp-up in process: ${s0.connected}/${devices} in ${(rampMs / 1000).toFixed(1)} s = ${rate(s0.connected, rampMs)}, errors ${s0.errors}`,
  );

  await new Promise((r) => setTimeout(r, 20_000));
  const held = await settle();
  console.log(`  live (real time, default intervals): ${formatStats(fleet.stats())}`);
  console.log(
    `  marginal per device: rss ${((held.rss - base.rss) / devices / KiB).toFixed(1)} KiB, heap+external ${((held.heap - base.heap) / devices / KiB).toFixed(1)} KiB, V8 heap committed ${((held.heapTotal - base.heapTotal) / devices / KiB).toFixed(1)} KiB`,
  );
  const young = held.young - base.young;
  if (young > 0) {
    console.log(
      `    of which V8's young generation grew by ${(young / MB).toFixed(0)} MB (fixed, not per device): ${((held.rss - base.rss - young) / devices / KiB).toFixed(1)} KiB per device without it`,
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
