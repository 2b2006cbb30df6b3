// GET /history/snapshot and /history/fleet against a real InfluxDB: device messages go in through a
// fake broker (the ingest path is not what is tested here), history is written by the platform's own
// writer into InfluxDB, and the endpoints query it.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type StartedStack } from '../../stack/index.ts';
import { buildApp } from '../app.ts';
import { FakeMqttPort } from '../ports/fake-mqtt-port.ts';

const T0 = Date.UTC(2026, 0, 1);
let stack: StartedStack;
let app: FastifyInstance;
const clock = { t: T0 };

async function get<T = Record<string, unknown>>(url: string): Promise<{ status: number; body: T }> {
  const res = await app.inject(url);
  return { status: res.statusCode, body: res.json() as T };
}

beforeAll(async () => {
  stack = await startStack({ mode: 'local' });
  const mqtt = new FakeMqttPort();
  app = await buildApp(
    {
      mqtt: { url: 'mqtt://fake.invalid' },
      influx: { url: stack.influx.url, db: `fleet_${process.pid}` },
      restore: false,
      logLevel: 'silent',
      now: () => clock.t,
    },
    { mqtt },
  );
  const at = async (t: number, topic: string, body: object) => {
    clock.t = t;
    await mqtt.deliver(topic, body);
  };
  await at(T0, 'tb/v1/env-1/status', { online: true, type: 'env_sensor' });
  await at(T0, 'tb/v1/env-1/telemetry', { ts: T0 + 1_000, fields: { temperature: 20 } });
  await at(T0 + 2_000, 'tb/v1/brk-1/status', { online: true, type: 'smart_breaker' });
  await at(T0 + 3_000, 'tb/v1/brk-1/telemetry', {
    ts: T0 + 3_000,
    fields: { current_a: 10, breaker_state: 'closed' },
  });
  await at(T0 + 5_000, 'tb/v1/env-1/telemetry', {
    ts: T0 + 5_000,
    fields: { temperature: 21, humidity: 40 },
  });
  await at(T0 + 12_000, 'tb/v1/brk-1/events', { ts: T0 + 12_000, type: 'door_open', door: 'A' });
  await at(T0 + 15_000, 'tb/v1/env-1/telemetry', { ts: T0 + 15_000, fields: { temperature: 22 } });
  await at(T0 + 20_000, 'tb/v1/brk-1/status', { online: false, reason: 'last_will' });
  expect(await app.history.writer.flush(10_000)).toBe(true);
});
afterAll(async () => {
  await app?.close();
  await stack?.stop();
});

describe('GET /history/snapshot', () => {
  it("gives each device's latest value of each field at or before `at`, with its type and liveness then", async () => {
    const { status, body } = await get(`/history/snapshot?at=${T0 + 6_000}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      at: T0 + 6_000,
      devices: [
        {
          id: 'brk-1',
          type: 'smart_breaker',
          online: true,
          ts: T0 + 3_000,
          fields: { current_a: 10, breaker_state: 'closed' },
        },
        {
          id: 'env-1',
          type: 'env_sensor',
          online: true,
          ts: T0 + 5_000,
          fields: { temperature: 21, humidity: 40 },
        },
      ],
    });
  });

  it('takes an ISO time and a field list; a device with no value then has ts null', async () => {
    const at = new Date(T0 + 25_000).toISOString();
    const { body } = await get(`/history/snapshot?at=${at}&fields=temperature`);
    expect(body).toEqual({
      at: T0 + 25_000,
      devices: [
        { id: 'brk-1', type: 'smart_breaker', online: false, ts: null, fields: {} },
        { id: 'env-1', type: 'env_sensor', online: true, ts: T0 + 15_000, fields: { temperature: 22 } },
      ],
    });
  });

  it('knows only the devices registered by `at`', async () => {
    expect((await get(`/history/snapshot?at=${T0 + 1_500}`)).body).toEqual({
      at: T0 + 1_500,
      devices: [
        { id: 'env-1', type: 'env_sensor', online: true, ts: T0 + 1_000, fields: { temperature: 20 } },
      ],
    });
    expect((await get(`/history/snapshot?at=${T0 - 1}`)).body).toEqual({ at: T0 - 1, devices: [] });
  });
});

describe('GET /history/fleet', () => {
  it('gives the last value per bucket, liveness transitions and the events of the window', async () => {
    const { status, body } = await get(
      `/history/fleet?from=${T0}&to=${T0 + 19_999}&every=10s&fields=temperature,current_a`,
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      from: T0,
      to: T0 + 19_999,
      every: 10_000,
      devices: [
        {
          id: 'brk-1',
          type: 'smart_breaker',
          series: { current_a: [[T0, 10]] },
          online: [[T0 + 2_000, true]],
        },
        {
          id: 'env-1',
          type: 'env_sensor',
          series: {
            temperature: [
              [T0, 21],
              [T0 + 10_000, 22],
            ],
          },
          online: [[T0, true]],
        },
      ],
      events: [{ t: T0 + 12_000, deviceId: 'brk-1', type: 'door_open', door: 'A' }],
    });
  });

  it('starts each liveness series with the state at `from`', async () => {
    const { body } = await get<{ devices: { id: string; online: unknown }[] }>(
      `/history/fleet?from=${T0 + 21_000}&to=${T0 + 30_000}&every=10s&fields=temperature`,
    );
    expect(body.devices.map((d) => [d.id, d.online])).toEqual([
      ['brk-1', [[T0 + 21_000, false]]],
      ['env-1', [[T0 + 21_000, true]]],
    ]);
  });

  it.each([
    ['every=abc', /every='abc' is not a bucket length: use a duration like 10s/],
    [`from=${T0 + 10}&to=${T0}`, /'from' \(\d+\) is after 'to'/],
    ['fields=temp%22erature', /is not a field name/],
    ['from=yesterday', /'yesterday' is not a time/],
  ])('refuses %s with 400 BAD_QUERY saying what to send', async (query, message) => {
    const { status, body } = await get<{ code: string; message: string }>(`/history/fleet?${query}`);
    expect(status).toBe(400);
    expect(body.code).toBe('TB_ERR_PLATFORM_BAD_QUERY');
    expect(body.message).toMatch(message);
  });

  it('refuses more than 200,000 values with 400 saying how to narrow the query', async () => {
    const { status, body } = await get<{ code: string; message: string }>(
      `/history/fleet?from=${T0}&to=${T0 + 86_400_000}&every=1s&fields=temperature,current_a`,
    );
    expect(status).toBe(400);
    expect(body.code).toBe('TB_ERR_PLATFORM_TOO_MUCH_DATA');
    expect(body.message).toMatch(/86401 buckets × 2 devices × 2 fields/);
    expect(body.message).toMatch(/use every=2s or more, a shorter from\.\.to, or fewer fields/);
  });

  it('refuses a snapshot time that is not a time', async () => {
    const { status, body } = await get<{ code: string }>('/history/snapshot?at=noon');
    expect(status).toBe(400);
    expect(body.code).toBe('TB_ERR_PLATFORM_BAD_QUERY');
  });
});
