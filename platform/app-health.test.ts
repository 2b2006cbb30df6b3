// /health answers within 1 s whatever its dependencies do (issue 15): a database that does not answer
// its ping in time is reported down. The frozen InfluxDB of the real stack: platform/test/health.int.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { HEALTH_PING_DEADLINE_MS } from './api/ops.ts';
import { fakePlatform, type FakePlatform } from './ports/fake-platform.ts';

let p: FakePlatform;
afterEach(() => p?.close());

const health = async () => {
  const started = performance.now();
  const res = await p.app.inject({ method: 'GET', url: '/health' });
  return { ms: performance.now() - started, status: res.statusCode, body: JSON.parse(res.body) };
};

describe('/health', () => {
  it('answers 503 within 1 s, InfluxDB down, when the database never answers its ping', async () => {
    p = await fakePlatform();
    let pings = 0;
    p.history.ping = () => {
      pings++;
      return new Promise<string>(() => undefined);
    };
    const h = await health();
    expect(h.ms).toBeLessThan(1_000);
    expect(h.ms).toBeGreaterThanOrEqual(HEALTH_PING_DEADLINE_MS - 5);
    expect(h.status).toBe(503);
    expect(h.body).toMatchObject({
      status: 'degraded',
      broker: { ok: true },
      influx: { ok: false, error: `no answer to /ping within ${HEALTH_PING_DEADLINE_MS} ms` },
    });
    // Three more calls at once: each within 1 s, and the one pending ping is not repeated.
    const all = await Promise.all([health(), health(), health()]);
    for (const a of all) expect(a.ms).toBeLessThan(1_000);
    expect(pings).toBe(1);
  });

  it('answers 200 at once when everything answers, and reports a ping that fails fast', async () => {
    p = await fakePlatform();
    const ok = await health();
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'ok', influx: { ok: true, version: 'fake' } });
    expect(ok.ms).toBeLessThan(HEALTH_PING_DEADLINE_MS);
    p.history.up = false;
    const down = await health();
    expect(down).toMatchObject({
      status: 503,
      body: { influx: { ok: false, error: 'fake InfluxDB is down' } },
    });
    expect(down.ms).toBeLessThan(HEALTH_PING_DEADLINE_MS);
  });
});
