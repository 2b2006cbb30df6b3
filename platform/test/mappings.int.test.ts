// Payload mappings end to end (issue 14): each message shape is published with the real mosquitto_pub
// binary, as a device's firmware would send it, and must reach the twin (REST) and InfluxDB with the
// right names, values and time. Commands go out in the device's shape and come back to `succeeded`.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfluxClient } from '../../stack/index.ts';
import { eventually, startHarness, type Harness } from './harness.ts';

const run = promisify(execFile);

let h: Harness;
let influx: InfluxClient;

const ACME = {
  name: 'acme',
  telemetry: 'acme/{id}/up',
  command: 'acme/{id}/down',
  commandResponse: 'acme/{id}/ack',
  heartbeat: 'acme/{id}/hb',
  deviceType: 'smart_breaker',
  liveness: { offlineAfter: '3s', checkEvery: '1s' },
  mapping: {
    fields: { in: ['metrics'] },
    aliases: { 'voltage.phase_a': 'voltage_an', 'voltage.phase_b': 'voltage_bn', state: 'breaker_state' },
    values: { breaker_state: { '1': 'closed', '0': 'open' } },
    timestamp: { keys: ['time'] },
    keys: { node: 'deviceId', fw: 'ignore', free_heap: 'metadata', status: 'metadata' },
    commands: {
      template: {
        action: '{name}',
        message_id: '{id}',
        timestamp: '{ts_s}',
        priority: 'normal',
        timeout: '{timeout_s}',
      },
      response: {
        id: 'message_id',
        status: 'result',
        statuses: { ok: 'succeeded', received: 'delivered', error: 'failed' },
      },
    },
  },
};

const PLAIN_COMMANDS = {
  name: 'plain-cmd',
  telemetry: 'pc/{id}/up',
  command: 'pc/{id}/cmd',
  commandResponse: 'pc/{id}/cmd/res',
  deviceType: 'env_sensor',
  mapping: {
    commands: {
      template: { command: '{name}', params: '{params}', id: '{id}' },
      response: { statuses: { done: 'succeeded' } },
    },
  },
};

const STRICT = {
  name: 'strict',
  telemetry: 'strict/{id}/up',
  command: 'strict/{id}/down',
  deviceType: 'env_sensor',
  mapping: { strict: true, timestamp: { keys: ['ts_ms'], format: 'ms' } },
};

beforeAll(async () => {
  h = await startHarness({
    profiles: ['twinbench', 'iot-node', 'devices-mac', ACME, PLAIN_COMMANDS, STRICT],
  });
  influx = new InfluxClient({ url: h.stack.influx.url, db: h.stack.influx.db });
});
afterAll(() => h?.close());

/** Publishes with mosquitto_pub, as firmware on the bench would (QoS 1, so it is on the broker when this returns). */
async function pub(topic: string, message: unknown): Promise<void> {
  const { port, hostname } = new URL(h.stack.mqttUrl);
  const payload = typeof message === 'string' ? message : JSON.stringify(message);
  await run('mosquitto_pub', ['-h', hostname, '-p', port, '-q', '1', '-t', topic, '-m', payload]);
}

interface Twin {
  device: { type: string; profile: string };
  online: boolean;
  telemetry?: { ts: number; fields: Record<string, unknown> };
}

async function twinWith(id: string, field: string): Promise<Twin> {
  return eventually(async () => {
    const r = await h.api<Twin>(`/devices/${encodeURIComponent(id)}`);
    expect(r.status).toBe(200);
    expect(r.body.telemetry?.fields).toHaveProperty(field);
    return r.body;
  }, 10_000);
}

/** The device's stored telemetry points: time (epoch ms) and fields, from InfluxDB itself. */
async function stored(id: string): Promise<Record<string, unknown>[]> {
  return eventually(async () => {
    const series = await influx.query(`SELECT * FROM telemetry WHERE device_id = '${id}'`);
    const rows = series.flatMap((s) =>
      s.values.map((v) =>
        Object.fromEntries(s.columns.map((c, i) => [c, v[i]]).filter(([, x]) => x !== null)),
      ),
    );
    expect(rows.length).toBeGreaterThan(0);
    return rows;
  }, 10_000);
}

describe('payload mappings', () => {
  it('iot-node: the usual ESP32 message (sensors object, {value, unit}, epoch seconds, health keys)', async () => {
    await pub('iot/node/esp32-01/status', { online: true, type: 'env_sensor' });
    await pub('iot/node/esp32-01/telemetry', {
      device_id: 'esp32-01',
      timestamp: 1732950000,
      sensors: { temperature: { value: 70.7, unit: '°F' }, humidity: 45, co2: 400 },
      rssi: -61,
      free_heap: 182000,
      uptime: 3600,
    });
    const twin = await twinWith('esp32-01', 'temperature');
    expect(twin.telemetry).toEqual({
      ts: 1732950000000,
      fields: { temperature: 21.5, humidity: 45, rssi: -61, uptime_s: 3600 },
    });
    const [row] = await stored('esp32-01');
    expect(row).toMatchObject({
      time: 1732950000000,
      temperature: 21.5,
      humidity: 45,
      rssi: -61,
      uptime_s: 3600,
    });
    expect(row).not.toHaveProperty('co2');
    const meta = await h.api<{ metadata: Record<string, { value: unknown }> }>('/devices/esp32-01/metadata');
    expect(meta.body.metadata.free_heap?.value).toBe(182000);
    expect(
      await h.metric('twinbench_mapping_unknown_keys_total', { profile: 'iot-node' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('iot-node: a device that names its type in its telemetry needs no status message first', async () => {
    await pub('iot/node/esp32-new/telemetry', {
      device_id: 'esp32-new',
      type: 'env_sensor',
      timestamp: 1732950002,
      sensors: { humidity: 50 },
    });
    const twin = await twinWith('esp32-new', 'humidity');
    expect(twin.device).toMatchObject({ type: 'env_sensor', profile: 'iot-node' });
    expect(twin.telemetry).toEqual({ ts: 1732950002000, fields: { humidity: 50 } });
  });

  it('iot-node: a status that says {"status":"online"} registers the device; "offline" takes it offline', async () => {
    await pub('iot/node/word-1/status', { status: 'online', device_id: 'word-1', type: 'env_sensor' });
    const twin = await eventually(async () => {
      const r = await h.api<Twin>('/devices/word-1');
      expect(r.status).toBe(200);
      expect(r.body.online).toBe(true);
      return r.body;
    });
    expect(twin.device).toMatchObject({ type: 'env_sensor', profile: 'iot-node' });
    await pub('iot/node/word-1/status', { status: 'offline' });
    await eventually(async () => expect((await h.api<Twin>('/devices/word-1')).body.online).toBe(false));
  });

  it('iot-node: ISO 8601 times with and without a zone, fields under data and measurements', async () => {
    await pub('iot/node/iso-1/status', { online: true, type: 'env_sensor' });
    await pub('iot/node/iso-1/telemetry', { time: '2024-11-30T08:00:00+01:00', data: { temperature: 19 } });
    await pub('iot/node/iso-2/status', { online: true, type: 'env_sensor' });
    await pub('iot/node/iso-2/telemetry', { measurements: { pressure: 1013.5, ts: '2024-11-30T07:00:05' } });
    expect((await twinWith('iso-1', 'temperature')).telemetry).toEqual({
      ts: Date.UTC(2024, 10, 30, 7),
      fields: { temperature: 19 },
    });
    expect((await twinWith('iso-2', 'pressure')).telemetry?.ts).toBe(Date.UTC(2024, 10, 30, 7, 0, 5));
    expect((await stored('iso-1'))[0]).toMatchObject({ time: Date.UTC(2024, 10, 30, 7), temperature: 19 });
    expect((await stored('iso-2'))[0]).toMatchObject({
      time: Date.UTC(2024, 10, 30, 7, 0, 5),
      pressure: 1013.5,
    });
  });

  it('devices-mac: flat fields, epoch ms, the MAC in the body written another way', async () => {
    await pub('devices/AA-BB-CC-00-11-22/status', { online: true, type: 'env_sensor' });
    await pub('devices/aabbcc001122/data', {
      mac: 'AA-BB-CC-00-11-22',
      ts: 1732950000123,
      temperature: 20.5,
      battery_voltage: { value: 3300, unit: 'mV' },
    });
    const twin = await twinWith('aa:bb:cc:00:11:22', 'temperature');
    expect(twin.telemetry).toEqual({
      ts: 1732950000123,
      fields: { temperature: 20.5, battery_voltage: 3.3 },
    });
    expect((await stored('aa:bb:cc:00:11:22'))[0]).toMatchObject({
      time: 1732950000123,
      temperature: 20.5,
      battery_voltage: 3.3,
    });
  });

  it('acme: nested groups, aliases, value maps, mA to A, a device id checked, metadata kept', async () => {
    await pub('acme/brk-7/up', {
      node: 'brk-7',
      time: 1732950001,
      metrics: {
        voltage: { phase_a: 230.5, phase_b: 231 },
        current: { a: { value: 1500, unit: 'mA' } },
        state: 1,
      },
      fw: '1.2.3',
      free_heap: 1000,
      status: 'ok',
    });
    const twin = await twinWith('brk-7', 'voltage_an');
    expect(twin.device).toMatchObject({ type: 'smart_breaker', profile: 'acme' });
    expect(twin.telemetry).toEqual({
      ts: 1732950001000,
      fields: { voltage_an: 230.5, voltage_bn: 231, current_a: 1.5, breaker_state: 'closed' },
    });
    expect((await stored('brk-7'))[0]).toMatchObject({
      time: 1732950001000,
      voltage_an: 230.5,
      current_a: 1.5,
      breaker_state: 'closed',
    });
    const meta = await h.api<{ metadata: Record<string, { value: unknown }> }>('/devices/brk-7/metadata');
    expect(meta.body.metadata).toMatchObject({ free_heap: { value: 1000 }, status: { value: 'ok' } });

    // A body naming another device is refused, and says so on <topic>/rejected.
    const watcher = await h.device('acme-watch', { subscribe: ['acme/brk-7/up/rejected'] });
    await pub('acme/brk-7/up', { node: 'brk-8', metrics: { state: 0 } });
    const refusal = await watcher.next('acme/brk-7/up/rejected');
    expect(refusal.text).toContain('node: \\"brk-8\\" does not match the device in the topic (brk-7)');
  });

  it("acme: a command goes out as {action, message_id, timestamp, priority, timeout}; its 'ok' is succeeded", async () => {
    const dev = await h.device('brk-7-cmd', { subscribe: ['acme/brk-7/down'] });
    const sent = await h.api<{ id: string }>('/devices/brk-7/commands', {
      method: 'POST',
      body: { id: 'acme-open-1', name: 'open', timeoutMs: 20_000 },
    });
    expect(sent.status).toBeLessThan(300);
    const cmd = (await dev.next('acme/brk-7/down')).json as Record<string, unknown>;
    expect(cmd).toEqual({
      action: 'open',
      message_id: 'acme-open-1',
      timestamp: expect.any(Number),
      priority: 'normal',
      timeout: 20,
    });
    expect(Math.abs((cmd.timestamp as number) - Date.now() / 1000)).toBeLessThan(30);
    await pub('acme/brk-7/ack', { message_id: 'acme-open-1', result: 'received' });
    await eventually(async () =>
      expect((await h.api<{ status: string }>('/commands/acme-open-1')).body.status).toBe('delivered'),
    );
    await pub('acme/brk-7/ack', { message_id: 'acme-open-1', result: 'ok' });
    await eventually(async () =>
      expect((await h.api<{ status: string }>('/commands/acme-open-1')).body.status).toBe('succeeded'),
    );
  });

  it('plain-cmd: a command goes out as {command, params}; its "done" is succeeded', async () => {
    await pub('pc/pc-1/up', { temperature: 1 });
    await twinWith('pc-1', 'temperature');
    const dev = await h.device('pc-1-cmd', { subscribe: ['pc/pc-1/cmd'] });
    await h.api('/devices/pc-1/commands', {
      method: 'POST',
      body: { id: 'pc-identify-1', name: 'identify', params: { duration_s: 5 } },
    });
    expect((await dev.next('pc/pc-1/cmd')).json).toEqual({
      command: 'identify',
      params: { duration_s: 5 },
      id: 'pc-identify-1',
    });
    await pub('pc/pc-1/cmd/res', { id: 'pc-identify-1', status: 'done' });
    await eventually(async () =>
      expect((await h.api<{ status: string }>('/commands/pc-identify-1')).body.status).toBe('succeeded'),
    );
  });

  it('acme: heartbeats keep a device online; silence past the profile timeout takes it offline', async () => {
    await pub('acme/hb-1/up', { metrics: { state: 0 } });
    await twinWith('hb-1', 'breaker_state');
    let lastBeat = 0;
    for (let i = 0; i < 4; i++) {
      lastBeat = Date.now(); // before the publish: the platform takes the heartbeat after this
      await pub('acme/hb-1/hb', '1');
      await new Promise((r) => setTimeout(r, 500));
      expect((await h.api<Twin>('/devices/hb-1')).body.online).toBe(true);
    }
    await eventually(
      async () => expect((await h.api<Twin>('/devices/hb-1')).body.online).toBe(false),
      10_000,
    );
    // Offline after 3 s of silence, checked every 1 s: never before 3 s (the platform sweeps every 250 ms).
    expect(Date.now() - lastBeat).toBeGreaterThanOrEqual(3_000);
  });

  it('strict: an unknown key rejects the message, naming the key', async () => {
    const watcher = await h.device('strict-watch', { subscribe: ['strict/s-1/up/rejected'] });
    await pub('strict/s-1/up', { ts_ms: 1732950000000, temperature: 1, colour: 'red' });
    const refusal = (await watcher.next('strict/s-1/up/rejected')).json as {
      reason: string;
      message: string;
    };
    expect(refusal.reason).toBe('invalid_payload');
    expect(refusal.message).toMatch(/^colour: unknown key; this profile is strict/);
    const twin = await h.api<Twin>('/devices/s-1');
    expect(twin.body.telemetry).toBeUndefined();
    await pub('strict/s-1/up', { ts_ms: 1732950000000, temperature: 2 });
    expect((await twinWith('s-1', 'temperature')).telemetry).toEqual({
      ts: 1732950000000,
      fields: { temperature: 2 },
    });
  });
});
