// /health answers within 1 s while InfluxDB is frozen (issue 15): the local influxd process is stopped
// with SIGSTOP (it keeps its socket, so connections hang rather than fail) and continued after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const timed = async (path: string) => {
  const started = performance.now();
  const res = await h.api<{
    status: string;
    influx: { ok: boolean; error?: string };
    broker: { ok: boolean };
  }>(path);
  return { ...res, ms: performance.now() - started };
};

describe('/health with a frozen InfluxDB', () => {
  it('answers 503 within 1 s, InfluxDB down and the broker up, and 200 again once it is continued', async (ctx) => {
    const influx = h.stack.service('influxdb').info;
    if (influx.kind !== 'process')
      ctx.skip(`needs a local influxd process to freeze; this stack runs it as ${influx.kind}`);
    const pid = Number(influx.id);
    expect((await timed('/health')).status).toBe(200);
    process.kill(pid, 'SIGSTOP');
    try {
      for (let i = 0; i < 3; i++) {
        const frozen = await timed('/health');
        expect(frozen.ms).toBeLessThan(1_000);
        expect(frozen.status).toBe(503);
        expect(frozen.body).toMatchObject({
          status: 'degraded',
          broker: { ok: true },
          influx: { ok: false },
        });
        expect(frozen.body.influx.error).toMatch(/no answer to \/ping within \d+ ms/);
      }
      // The twins keep answering meanwhile.
      expect((await timed('/devices')).status).toBe(200);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await eventually(async () => expect((await timed('/health')).status).toBe(200), 10_000);
  });
});
