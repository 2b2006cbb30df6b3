import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness, type TestDevice } from './harness.ts';

let h: Harness;
let sensor: TestDevice;
const ID = 'env-001';
const TOPIC = `tb/v1/${ID}`;

beforeAll(async () => {
  h = await startHarness({ commandTimeoutMs: 1_000 });
  sensor = await h.device(ID, {
    will: {
      topic: `${TOPIC}/status`,
      payload: Buffer.from('{"online":false,"reason":"last_will"}'),
      qos: 1,
      retain: true,
    },
    subscribe: [`${TOPIC}/commands`, `$aws/things/${ID}/shadow/update/delta`, `${TOPIC}/telemetry/rejected`],
  });
  await sensor.publish(
    `${TOPIC}/status`,
    { online: true, type: 'env_sensor', fw_version: '2.1.0' },
    { retain: true },
  );
});
afterAll(() => h?.close());

describe('twins from MQTT', () => {
  it('registers the device on first contact with its announced type and marks it online', async () => {
    const twin = await eventually(async () => {
      const r = await h.api<{
        device: { type: string; fwVersion: string; registeredBy: string };
        online: boolean;
      }>(`/devices/${ID}`);
      expect(r.status).toBe(200);
      return r.body;
    });
    expect(twin).toMatchObject({
      device: { type: 'env_sensor', fwVersion: '2.1.0', registeredBy: 'first_contact' },
      online: true,
    });
  });

  it('keeps the latest telemetry in the twin and every point in history, downsampled on request', async () => {
    const t0 = Date.now() - 60_000;
    for (let i = 0; i < 60; i++) {
      await sensor.publish(`${TOPIC}/telemetry`, {
        ts: t0 + i * 1000,
        seq: i,
        fields: { temperature: 20 + (i % 10), humidity: 40 },
      });
    }
    const twin = await eventually(async () => {
      const r = await h.api<{ telemetry: { seq: number; fields: Record<string, number> } }>(`/devices/${ID}`);
      expect(r.body.telemetry.seq).toBe(59);
      return r.body;
    });
    expect(twin.telemetry.fields).toEqual({ temperature: 29, humidity: 40 });

    const raw = await eventually(async () => {
      const r = await h.api<{ columns: string[]; rows: unknown[][] }>(
        `/devices/${ID}/history?fields=temperature&from=${t0}&to=${t0 + 60_000}`,
      );
      expect(r.body.rows).toHaveLength(60);
      return r.body;
    });
    expect(raw.columns).toEqual(['time', 'temperature']);
    expect(raw.rows[0]).toEqual([t0, 20]);

    const buckets = await h.api<{ columns: string[]; rows: number[][] }>(
      `/devices/${ID}/history?fields=temperature&from=${t0}&to=${t0 + 59_999}&every=10s`,
    );
    expect(buckets.body.columns).toEqual(['time', 'temperature_mean', 'temperature_min', 'temperature_max']);
    // Ten-second buckets of 20..29 (bucket boundaries are aligned to the epoch, so allow a partial first/last).
    const full = buckets.body.rows.filter((r) => r[2] === 20 && r[3] === 29);
    expect(full.length).toBeGreaterThanOrEqual(4);
    for (const r of full) expect(r[1]).toBeCloseTo(24.5);
  });

  it('sends a REST desired-state change to the device as a delta; the report clears it', async () => {
    const res = await h.api(`/devices/${ID}/desired`, { method: 'PATCH', body: { interval_s: 30 } });
    expect(res.status).toBe(200);
    const delta = await sensor.next(`$aws/things/${ID}/shadow/update/delta`);
    expect(delta.json).toMatchObject({ state: { interval_s: 30 } });
    await sensor.publish(`$aws/things/${ID}/shadow/update`, { state: { reported: { interval_s: 30 } } });
    const twin = await eventually(async () => {
      const r = await h.api<{ shadow: { state: Record<string, unknown>; version: number } }>(
        `/devices/${ID}`,
      );
      expect(r.body.shadow.state.reported).toEqual({ interval_s: 30 });
      return r.body;
    });
    expect(twin.shadow.state.delta).toBeUndefined();
    expect(twin.shadow.version).toBe(2);
  });

  it('refuses a desired state the device type does not allow, and changes nothing', async () => {
    const res = await h.api<{ code: string; message: string }>(`/devices/${ID}/desired`, {
      method: 'PATCH',
      body: { interval_s: -5 },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('TB_ERR_PLATFORM_INVALID_DESIRED');
    expect(res.body.message).toMatch(/interval_s/);
    const shadow = await h.api<{ version: number }>(`/devices/${ID}/shadow`);
    expect(shadow.body.version).toBe(2);
  });

  it('round-trips a command: pending → delivered → succeeded, with latency; a retry is not sent twice', async () => {
    const sent = await h.api<{ status: string; id: string }>(`/devices/${ID}/commands`, {
      method: 'POST',
      body: { id: 'cmd-1', name: 'identify', params: { duration_s: 3 } },
    });
    expect(sent.status).toBe(202);
    expect(sent.body.status).toBe('pending');
    const cmd = await sensor.next(`${TOPIC}/commands`);
    expect(cmd.json).toMatchObject({ id: 'cmd-1', name: 'identify', params: { duration_s: 3 } });

    await sensor.publish(`${TOPIC}/commands/response`, { id: 'cmd-1', status: 'delivered' });
    await eventually(async () =>
      expect((await h.api<{ status: string }>('/commands/cmd-1')).body.status).toBe('delivered'),
    );
    await sensor.publish(`${TOPIC}/commands/response`, {
      id: 'cmd-1',
      status: 'succeeded',
      result: { blinked: true },
    });
    const done = await eventually(async () => {
      const r = await h.api<{ status: string; latencyMs: number; result: unknown }>('/commands/cmd-1');
      expect(r.body.status).toBe('succeeded');
      return r.body;
    });
    expect(done.latencyMs).toBeGreaterThanOrEqual(0);
    expect(done.result).toEqual({ blinked: true });

    const retry = await h.api<{ status: string }>(`/devices/${ID}/commands`, {
      method: 'POST',
      body: { id: 'cmd-1', name: 'identify', params: { duration_s: 3 } },
    });
    expect(retry.status).toBe(200);
    expect(retry.body.status).toBe('succeeded');
    await new Promise((r) => setTimeout(r, 200));
    expect(sensor.received.filter((m) => m.topic === `${TOPIC}/commands`)).toHaveLength(1);
  });

  it('times out a command nobody answers, and rejects unknown commands', async () => {
    await h.api(`/devices/${ID}/commands`, { method: 'POST', body: { id: 'cmd-2', name: 'reboot' } });
    const r = await eventually(async () => {
      const c = await h.api<{ status: string; error: string }>('/commands/cmd-2');
      expect(c.body.status).toBe('timed_out');
      return c.body;
    }, 5_000);
    expect(r.error).toMatch(/no final response within 1000 ms/);
    const bad = await h.api<{ code: string; message: string }>(`/devices/${ID}/commands`, {
      method: 'POST',
      body: { name: 'self_destruct' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('TB_ERR_PLATFORM_INVALID_COMMAND');
  });

  it('streams twin changes over WebSocket, filtered by device', async () => {
    const other = await h.device('env-002');
    await other.publish('tb/v1/env-002/status', { online: true, type: 'env_sensor' });
    const stream = await h.stream(`device=${ID}&kinds=telemetry`);
    await sensor.publish(`${TOPIC}/telemetry`, { seq: 100, fields: { temperature: 22 } });
    await other.publish('tb/v1/env-002/telemetry', { seq: 1, fields: { temperature: 23 } });
    await eventually(() => expect(stream.changes.some((c) => c.seq === 100)).toBe(true));
    expect(stream.changes.every((c) => c.deviceId === ID && c.kind === 'telemetry')).toBe(true);
    stream.close();
  });

  it('marks the twin offline when the last will fires, and keeps the transition in history', async () => {
    sensor.client.stream.destroy(); // unclean: the broker publishes the last will
    await eventually(async () =>
      expect((await h.api<{ online: boolean }>(`/devices/${ID}`)).body.online).toBe(false),
    );
    // The twin goes offline before its liveness line reaches InfluxDB: wait for the line itself.
    await eventually(async () => {
      const r = await h.api<{ columns: string[]; rows: unknown[][] }>(`/devices/${ID}/history?kind=liveness`);
      expect(r.body.rows.length).toBeGreaterThanOrEqual(2);
      expect(r.body.rows.at(-1)?.[r.body.columns.indexOf('reason')]).toBe('last_will');
    });
  });
});
