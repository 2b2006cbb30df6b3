import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('service surface', () => {
  // The WebSocket /stream is not an OpenAPI operation; docs/platform.md describes it.
  it('serves an OpenAPI document with every HTTP route at /docs', async () => {
    const res = await fetch(`${h.platform.url}/docs/json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/devices',
        '/devices/{id}',
        '/devices/{id}/shadow',
        '/devices/{id}/desired',
        '/devices/{id}/history',
        '/devices/{id}/commands',
        '/commands/{commandId}',
        '/health',
        '/metrics',
      ]),
    );
    expect((await fetch(`${h.platform.url}/docs`)).status).toBe(200);
  });

  it('reports broker and InfluxDB reachability on /health, and 503 when InfluxDB is down', async () => {
    const ok = await h.api<{
      status: string;
      broker: { ok: boolean };
      influx: { ok: boolean; version: string };
    }>('/health');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'ok', broker: { ok: true }, influx: { ok: true } });
    await h.stack.service('influxdb').stop();
    const down = await h.api<{ status: string; influx: { ok: boolean; error: string } }>('/health');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'degraded', influx: { ok: false } });
    expect(down.body.influx.error).toMatch(/did not answer/);
  });

  it('exposes the Prometheus metrics the issue names', async () => {
    const text = await (await fetch(`${h.platform.url}/metrics`)).text();
    for (const name of [
      'twinbench_messages_in_total',
      'twinbench_messages_rejected_total',
      'twinbench_ingest_to_twin_seconds',
      'twinbench_history_batch_lines',
      'twinbench_history_queue_lines',
      'twinbench_influx_errors_total',
    ]) {
      expect(text).toContain(`# TYPE ${name}`);
    }
  });

  it('answers validation errors with 400 and a code', async () => {
    const r = await h.api<{ code: string; message: string }>('/devices', {
      method: 'POST',
      body: { id: 'bad id!', type: 'toaster' },
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('TB_ERR_PLATFORM_BAD_REQUEST');
  });
});
