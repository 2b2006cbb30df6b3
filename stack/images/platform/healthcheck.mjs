// HEALTHCHECK of the platform image: /health answers 200 (503 = a dependency is down).
/* global fetch, AbortSignal -- Node 24 globals */
const port = process.env.TWINBENCH_HTTP_PORT || '8080';
try {
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2500) });
  process.exit(res.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
