// A mixed fleet against the real platform (its own process) on a real broker and InfluxDB: twins,
// liveness, shadows, commands and backfill, all checked through the platform's REST API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet, type FleetSpec } from '../index.ts';
import { eventually, startTestPlatform, type TestPlatform, type TwinView } from './platform.ts';

const spec: FleetSpec = {
  name: 'int-mixed',
  seed: 11,
  site: 'test-site',
  keepaliveSeconds: 5,
  groups: [
    { type: 'smart_breaker', count: 4, options: { ratedCurrentA: 32 }, tags: { panel: 'P1' } },
    { type: 'env_sensor', count: 4, publishIntervalMs: 2_000 },
    { type: 'camera', count: 2, commandLatencyMs: 50 },
    { type: 'camera', count: 1, name: 'flaky', idPattern: 'flaky-cam-{n}', commandFailureRate: 1 },
  ],
};

let t: TestPlatform;
let fleet: Fleet;

async function twin(id: string): Promise<TwinView> {
  const r = await t.api<TwinView>(`/devices/${id}`);
  if (r.status !== 200) throw new Error(`GET /devices/${id}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

beforeAll(async () => {
  t = await startTestPlatform({ heartbeatTimeoutMs: 30_000 });
  fleet = await startFleet(spec, { mqttUrl: t.mqttUrl, reconnectBackoff: { initialMs: 200, maxMs: 1000 } });
});

afterAll(async () => {
  await fleet?.stop();
  await t?.close();
});

describe('a fleet against the platform', () => {
  it('appears in the twins with its identity and plausible values', async () => {
    expect(fleet.stats()).toMatchObject({ devices: 11, connected: 11, errors: 0 });
    for (const d of fleet.devices) {
      const view = await eventually(async () => {
        const v = await twin(d.id);
        if (!v.telemetry || !v.online) throw new Error(`${d.id} has no telemetry yet`);
        return v;
      });
      expect(view.device.type).toBe(d.type);
      expect(view.device.name).toBe(d.identity.name);
      expect(view.device.location).toMatchObject({ site: 'test-site', room: d.location.room });
      expect(view.device.fwVersion).toBe(d.fwVersion);
      expect(view.shadow?.state.reported).toEqual(d.model.reported());
      const f = view.telemetry?.fields ?? {};
      if (d.type === 'smart_breaker') {
        expect(f.voltage_an).toBeGreaterThan(200);
        expect(f.voltage_an).toBeLessThan(260);
        expect(f.rated_current).toBe(32);
        expect(f.breaker_state).toBe('closed');
        expect(view.device.tags).toMatchObject({ panel: 'P1', group: 'smart_breaker' });
      } else if (d.type === 'env_sensor') {
        expect(f.temperature).toBeGreaterThan(10);
        expect(f.temperature).toBeLessThan(35);
        expect(f.humidity).toBeGreaterThan(0);
        expect(f.humidity).toBeLessThan(100);
      } else {
        expect(f.fps).toBeGreaterThanOrEqual(0);
        expect(f.resolution).toBe('1920x1080');
      }
    }
    // The env sensors publish every 2 s: their seq grows.
    const first = (await twin('env-0001')).telemetry?.seq ?? 0;
    await eventually(
      async () => expect((await twin('env-0001')).telemetry?.seq).toBeGreaterThan(first),
      6_000,
    );
  });

  it('marks a twin offline when the device drops uncleanly (last will), and online when it is back', async () => {
    const handle = fleet.inject({ kind: 'disconnect', clean: false }, { ids: ['env-0002'] });
    expect(handle.deviceIds).toEqual(['env-0002']);
    await eventually(async () => expect((await twin('env-0002')).online).toBe(false));
    await eventually(async () => {
      const history = await t.api<{ columns: string[]; rows: unknown[][] }>(
        `/devices/env-0002/history?kind=liveness&from=-5m`,
      );
      const reason = history.body.columns.indexOf('reason');
      expect(history.body.rows.map((r) => r[reason])).toContain('last_will');
    });
    expect(fleet.stats().faultsActive).toBe(1);
    handle.clear();
    await eventually(async () => expect((await twin('env-0002')).online).toBe(true));
    expect(fleet.stats().reconnects).toBeGreaterThanOrEqual(1);
  });

  it('applies a desired change and reports it, clearing the delta', async () => {
    const r = await t.api('/devices/brk-0002/desired', {
      method: 'PATCH',
      body: { closed: false, interval_s: 3 },
    });
    expect(r.status).toBe(200);
    const view = await eventually(async () => {
      const v = await twin('brk-0002');
      expect(v.shadow?.state.reported).toEqual({ closed: false, interval_s: 3 });
      expect(v.shadow?.state.delta).toBeUndefined();
      return v;
    });
    await eventually(async () =>
      expect((await twin('brk-0002')).telemetry?.fields.breaker_state).toBe('open'),
    );
    expect(view.shadow?.state.desired).toMatchObject({ closed: false, interval_s: 3 });
    expect(fleet.device('brk-0002')?.model.reported()).toEqual({ closed: false, interval_s: 3 });
  });

  it('round-trips commands: delivered, then succeeded with the result or failed on purpose', async () => {
    const sent = await t.api<{ id: string }>('/devices/brk-0003/commands', {
      method: 'POST',
      body: { name: 'open' },
    });
    expect(sent.status).toBe(202);
    const done = await eventually(async () => {
      const c = await t.api<{ status: string; result?: unknown; deliveredAt?: number }>(
        `/commands/${sent.body.id}`,
      );
      expect(c.body.status).toBe('succeeded');
      return c.body;
    });
    expect(done.result).toEqual({ breaker_state: 'open' });
    expect(done.deliveredAt).toBeGreaterThan(0);
    await eventually(async () =>
      expect((await twin('brk-0003')).shadow?.state.reported).toMatchObject({ closed: false }),
    );

    const failing = await t.api<{ id: string }>('/devices/flaky-cam-1/commands', {
      method: 'POST',
      body: { name: 'snapshot' },
    });
    const failed = await eventually(async () => {
      const c = await t.api<{ status: string; error?: string }>(`/commands/${failing.body.id}`);
      expect(c.body.status).toBe('failed');
      return c.body;
    });
    expect(failed.error).toMatch(/simulated failure/);
  });

  it('backfills history with past timestamps: the expected points over the expected span', async () => {
    const endMs = Date.now() - 3_600_000;
    const day = 86_400_000;
    expect(fleet.devices.filter((d) => !d.ready).map((d) => d.id)).toEqual([]);
    const result = await fleet.backfill({ durationMs: day, intervalMs: 300_000, endMs, events: false });
    expect(result).toMatchObject({ fromMs: endMs - day, toMs: endMs, devices: 11, messages: 11 * 288 });
    for (const id of ['brk-0001', 'env-0003', 'cam-0002']) {
      const rows = await eventually(async () => {
        const h = await t.api<{ columns: string[]; rows: [number, ...unknown[]][] }>(
          `/devices/${id}/history?kind=telemetry&from=${endMs - day}&to=${endMs}`,
        );
        expect(h.body.rows).toHaveLength(288);
        return h.body.rows;
      });
      expect(rows[0]?.[0]).toBe(endMs - day + 300_000);
      expect(rows.at(-1)?.[0]).toBe(endMs);
    }
  });
});
