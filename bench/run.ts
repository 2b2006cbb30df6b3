// `npm run bench [-- platform|…]`: benchmarks print figures; they assert nothing (tests do that).
import { runPlatformBench, PLATFORM_BENCH_DEFAULTS } from './platform-bench.ts';
import { runMappedBench } from './platform-mapped-bench.ts';
import { spawnSync } from 'node:child_process';
import { runStackBench } from './stack-bench.ts';
import { runHilBench } from './hil-bench.ts';
import { loadBenchOptionsFromEnv, runLoadBench } from './load-bench.ts';
import { runViewerBench } from './viewer-bench.ts';
import { runScaleBench, scaleBenchOptionsFromEnv } from './scale-bench.ts';

/** The simulator measures itself in a process of its own (V8 flags, and RSS that is only the fleet's). */
function simulatorBench(): void {
  const devices = process.env.BENCH_SIM_DEVICES ?? '10000';
  const node = (args: string[]) => spawnSync(process.execPath, args, { stdio: 'inherit' });
  node(['--expose-gc', '--max-semi-space-size=8', 'simulator/scripts/measure-scale.ts', devices, '2000']);
  node(['simulator/scripts/measure-backfill.ts', '100', '7', '5']);
  // Per-device broker credentials against none, same fleet, same run (issue 16).
  node([
    '--expose-gc',
    '--max-semi-space-size=8',
    'simulator/scripts/measure-credentials.ts',
    devices,
    '2000',
  ]);
  // Children behind gateways: whole-process and marginal memory per child beside a connected device's (issue 17).
  node([
    'simulator/scripts/measure-gateways.ts',
    process.env.BENCH_SIM_GATEWAYS ?? '1000',
    process.env.BENCH_SIM_CHILDREN ?? '90',
  ]);
}

const benches: Record<string, () => Promise<unknown>> = {
  stack: () => runStackBench(Number(process.env.BENCH_STACK_RUNS ?? 5)),
  simulator: async () => simulatorBench(),
  // The mapped-profile phase follows with a stack of its own, once the main platform bench has stopped its own.
  platform: async () => {
    await runPlatformBench({ ...PLATFORM_BENCH_DEFAULTS, ...numbersFromEnv() });
    // BENCH_ONLY=commands: the command round trip alone.
    if (process.env.BENCH_ONLY !== 'commands') await runMappedBench();
  },
  hil: () => runHilBench(),
  load: () => runLoadBench(loadBenchOptionsFromEnv()),
  viewer: () => runViewerBench(),
};
/** Run only by name (`npm run bench -- scale`): 1,000 gateways × 90 children + 10,000 direct devices, about 10 minutes. */
const byNameOnly: Record<string, () => Promise<unknown>> = {
  scale: () => runScaleBench(scaleBenchOptionsFromEnv()),
};

function numbersFromEnv(): Partial<typeof PLATFORM_BENCH_DEFAULTS> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(PLATFORM_BENCH_DEFAULTS)) {
    const v = process.env[`BENCH_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`];
    if (v) out[key] = Number(v);
  }
  return out;
}

const wanted = process.argv.slice(2);
for (const name of wanted.length > 0 ? wanted : Object.keys(benches)) {
  const bench = benches[name] ?? byNameOnly[name];
  if (!bench) {
    console.error(
      `unknown bench '${name}'; choose from ${[...Object.keys(benches), ...Object.keys(byNameOnly)].join(', ')}`,
    );
    process.exit(2);
  }
  console.log(`\n=== bench: ${name}`);
  await bench();
}
process.exit(0);
