// History query parameters bounded and validated (issue 15): every bad value is a 400 that names the
// parameter and why, and no 5xx answer carries internals. A fake database records the InfluxQL.
import { afterEach, describe, expect, it } from 'vitest';
import { RUNTIME_ERROR_CODES, RuntimeError } from '../runtime/index.ts';
import { fakePlatform, type FakePlatform } from './ports/fake-platform.ts';

let p: FakePlatform;
afterEach(() => p?.close());

/** InfluxQL sent since the device was registered (restoring at start sends a few). */
let queries: () => string[];

async function withDevice(): Promise<FakePlatform> {
  p = await fakePlatform();
  await p.api('POST', '/devices', { id: 'env-1', type: 'env_sensor' });
  const before = p.history.queries.length;
  queries = () => p.history.queries.slice(before);
  return p;
}

const get = async (query: string) => {
  const res = await p.app.inject({ method: 'GET', url: `/devices/env-1/history?${query}` });
  return { status: res.statusCode, body: JSON.parse(res.body) as { code: string; message: string } };
};

describe('GET /devices/{id}/history parameters', () => {
  it.each([
    ['limit=1e309', 'limit', /"1e309" is not a whole number from 1 to 100000/],
    ['limit=Infinity', 'limit', /"Infinity" is not a whole number/],
    ['from=-99999999999d', 'from', /is out of range: InfluxDB holds times from 1677-09-21 to 2262-04-11/],
    ['from=99999999999999999999', 'from', /out of range/],
    ['to=1e400', 'to', /is not a time/],
    ['to=-9223372036855', 'to', /out of range/],
    ['from=yesterday', 'from', /is not a time: use epoch ms/],
    [
      'every=99999999999999999999d&fields=temperature',
      'every',
      /not a bucket length: use a duration from 1ms to 3650d/,
    ],
    ['every=0s&fields=temperature', 'every', /not a bucket length/],
    ['every=3651d&fields=temperature', 'every', /not a bucket length/],
    [
      'every=1ms&fields=temperature&from=0',
      'every',
      /buckets of 1 ms between 'from' and 'to', at most 1000000/,
    ],
    [
      'fields=time',
      'fields',
      /"time" is not a field of telemetry of a env_sensor; its fields are .*temperature/,
    ],
    ['fields=device_id', 'fields', /is not a field/],
    ['fields=temperature,nope', 'fields', /"nope" is not a field/],
    ['kind=liveness&fields=temperature', 'fields', /not a field of liveness; its fields are online, reason/],
    [
      `fields=${Array.from({ length: 65 }, (_, i) => `f${i}`).join(',')}`,
      'fields',
      /names 65 items, at most 64/,
    ],
    ['every=10s&fields=temperature&agg=median', 'agg', /"median" is not an aggregate/],
  ])('%s is a 400 naming %s', async (query, param, why) => {
    await withDevice();
    const { status, body } = await get(query);
    expect(status).toBe(400);
    expect(body.code).toBe('TB_ERR_PLATFORM_BAD_QUERY');
    expect(body.message).toMatch(new RegExp(`^'${param}': `));
    expect(body.message).toMatch(why);
    expect(queries()).toEqual([]);
  });

  // The route's schema catches these first (Fastify's 400 names the parameter too).
  it.each(['limit=NaN', 'limit=0', 'limit=100001', 'limit=1.5', 'limit=-1', 'limit=1&limit=2', 'kind=bogus'])(
    '%s is a 400 naming the parameter (schema)',
    async (query) => {
      await withDevice();
      const { status, body } = await get(query);
      expect(status).toBe(400);
      expect(body.message).toMatch(new RegExp(`^Invalid request: querystring/${query.split('=')[0]} `));
      expect(queries()).toEqual([]);
    },
  );

  it('still answers good queries, and sends InfluxDB only checked values', async () => {
    await withDevice();
    for (const q of [
      '',
      'limit=5&from=-2h&to=now',
      'fields=temperature,humidity,_seq',
      'kind=liveness&fields=online,reason',
      'every=10s&fields=temperature&agg=mean,max&from=-1d',
      'from=2026-01-01T00:00:00Z&to=1767225600000',
    ])
      expect((await get(q)).status, q).toBe(200);
    expect(queries()[0]).toMatch(/ LIMIT 10000$/);
    expect(queries()[1]).toMatch(/ LIMIT 5$/);
  });
});

describe('5xx answers carry no internals', () => {
  const INFLUXQL = 'SELECT * FROM telemetry WHERE device_id';

  it('a query InfluxDB refuses is a 500 that says only that it is a bug', async () => {
    await withDevice();
    p.history.answer = () => {
      throw new RuntimeError(
        RUNTIME_ERROR_CODES.INFLUX_REQUEST,
        `InfluxQL failed: boom (query: ${INFLUXQL} = 'x')`,
        {
          upstreamStatus: 400,
        },
      );
    };
    const res = await p.app.inject({ method: 'GET', url: '/devices/env-1/history' });
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({
      code: 'TB_ERR_PLATFORM_INTERNAL',
      message: expect.stringMatching(/^Internal error: the platform failed on this request/),
    });
    expect(res.body).not.toMatch(/SELECT|InfluxQL|boom|device_id/);
  });

  it('an unreachable InfluxDB is a 503 that names neither its URL nor the query', async () => {
    await withDevice();
    p.history.answer = () => {
      throw new RuntimeError(
        RUNTIME_ERROR_CODES.INFLUX_REQUEST,
        'InfluxDB at http://10.1.2.3:8086 did not answer /query (connect ECONNREFUSED 10.1.2.3:8086).',
        { cause: new Error('connect ECONNREFUSED 10.1.2.3:8086') },
      );
    };
    const res = await p.app.inject({ method: 'GET', url: '/devices/env-1/history' });
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body)).toEqual({
      code: 'TB_ERR_PLATFORM_HISTORY_UNAVAILABLE',
      message: expect.stringMatching(/^History is unavailable: InfluxDB does not answer/),
    });
    expect(res.body).not.toMatch(/10\.1\.2\.3|ECONNREFUSED|\/query/);
  });

  it('an error thrown inside a route (a bug) is a 500 without its message or stack', async () => {
    await withDevice();
    p.app.twins.registry.scan = () => {
      throw new TypeError('secret internal detail at /work/main/platform/registry.ts:12');
    };
    const res = await p.app.inject({ method: 'GET', url: '/devices' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(/secret|registry\.ts|TypeError/);
  });
});
