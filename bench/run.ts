// `npm run bench [-- platform|…]`: benchmarks print figures; they assert nothing (tests do that).
import { runPlatformBench, PLATFORM_BENCH_DEFAULTS } from './platform-bench.ts';
import { runStackBench } from './stack-bench.ts';

const benches: Record<string, () => Promise<unknown>> = {
  stack: () => runStackBench(Number(process.env.BENCH_STACK_RUNS ?? 5)),
  platform: () => runPlatformBench({ ...PLATFORM_BENCH_DEFAULTS, ...numbersFromEnv() }),
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
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown bench '${name}'; choose from ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n=== bench: ${name}`);
  await bench();
}
process.exit(0);
