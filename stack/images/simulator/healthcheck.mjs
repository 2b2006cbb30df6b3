// HEALTHCHECK of the simulator image: its /health answers 200 while most devices are connected.
/* global fetch, AbortSignal -- Node 24 globals */
const port = process.env.TWINBENCH_SIM_HTTP_PORT || '8090';
try {
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2500) });
  process.exit(res.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
