import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ heartbeatTimeoutMs: 1_500 });
});
afterAll(() => h?.close());

interface Twin {
  device: { type: string; name: string; tags: Record<string, string> };
  online: boolean;
  telemetry?: { seq: number; fields: Record<string, unknown> };
  shadow?: { state: Record<string, unknown>; version: number; metadata: unknown };
}

describe('platform restart', () => {
  it('brings every twin back with the same version and state after a crash (SIGKILL)', async () => {
    const ids = ['brk-1', 'brk-2', 'brk-3'];
    for (const [i, id] of ids.entries()) {
      const reg = await h.api(`/devices`, {
        method: 'POST',
        body: {
          id,
          type: 'smart_breaker',
          name: `Breaker ${i}`,
          tags: { floor: '2' },
          location: { site: 'hq', x: i, y: 0, z: 1 },
        },
      });
      expect(reg.status).toBe(201);
      const dev = await h.device(id);
      await dev.publish(`tb/v1/${id}/telemetry`, {
        seq: 7,
        fields: { current_a: 10 + i, breaker_state: 'closed', arc_fault: false },
      });
      for (let v = 0; v < i + 2; v++) {
        await dev.publish(`$aws/things/${id}/shadow/update`, {
          state: { reported: { closed: true, interval_s: 5 + v } },
        });
      }
      await h.api(`/devices/${id}/desired`, { method: 'PATCH', body: { closed: false } });
    }
    const before: Record<string, Twin> = {};
    for (const id of ids) {
      before[id] = await eventually(async () => {
        const t = (await h.api<Twin>(`/devices/${id}`)).body;
        expect(t.shadow?.version).toBe(ids.indexOf(id) + 3);
        expect(t.telemetry?.seq).toBe(7);
        return t;
      });
    }
    // Give the history writer its flush interval, then crash the platform.
    await eventually(async () =>
      expect((await h.api<{ history: { queued: number } }>('/health')).body.history.queued).toBe(0),
    );
    await h.restartPlatform('kill');
    for (const id of ids) {
      const after = (await h.api<Twin>(`/devices/${id}`)).body;
      expect(after.device).toEqual(before[id]?.device);
      expect(after.shadow).toEqual(before[id]?.shadow);
      expect(after.telemetry).toEqual(before[id]?.telemetry);
    }
    // And the shadow goes on from its version.
    const next = await h.api<{ version: number }>(`/devices/brk-1/desired`, {
      method: 'PATCH',
      body: { closed: true },
    });
    expect(next.body.version).toBe(before['brk-1']!.shadow!.version + 1);
  });

  it('gets the QoS 1 telemetry published while it was down, from its persistent broker session', async () => {
    const dev = await h.device('env-while-down');
    await dev.publish('tb/v1/env-while-down/status', { online: true, type: 'env_sensor' });
    await dev.publish('tb/v1/env-while-down/telemetry', { seq: 1, fields: { temperature: 20 } });
    await eventually(async () =>
      expect((await h.api<Twin>('/devices/env-while-down')).body.telemetry?.seq).toBe(1),
    );
    // What the platform acknowledged but had not written yet (at most one flush interval) dies with it.
    await eventually(async () =>
      expect((await h.api<{ history: { queued: number } }>('/health')).body.history.queued).toBe(0),
    );
    await h.platform.kill();
    for (let seq = 2; seq <= 11; seq++)
      await dev.publish('tb/v1/env-while-down/telemetry', { seq, fields: { temperature: 20 + seq } });
    await h.restartPlatform('stop');
    await eventually(async () =>
      expect((await h.api<Twin>('/devices/env-while-down')).body.telemetry?.seq).toBe(11),
    );
    const hist = await eventually(async () => {
      const r = await h.api<{ columns: string[]; rows: unknown[][] }>(
        '/devices/env-while-down/history?fields=_seq',
      );
      expect(r.body.rows).toHaveLength(11);
      return r.body;
    });
    expect(hist.rows.map((r) => r[1])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('marks a silent device offline after the heartbeat timeout', async () => {
    const dev = await h.device('quiet-1');
    await dev.publish('tb/v1/quiet-1/status', { online: true, type: 'camera' });
    await eventually(async () => expect((await h.api<Twin>('/devices/quiet-1')).body.online).toBe(true));
    await eventually(
      async () => expect((await h.api<Twin>('/devices/quiet-1')).body.online).toBe(false),
      6_000,
    );
    const hist = await eventually(async () => {
      const r = await h.api<{ columns: string[]; rows: unknown[][] }>(
        '/devices/quiet-1/history?kind=liveness',
      );
      expect(r.body.rows.length).toBeGreaterThanOrEqual(2);
      return r.body;
    });
    expect(hist.rows.at(-1)?.[hist.columns.indexOf('reason')]).toBe('heartbeat_timeout');
  });
});
