import { describe, expect, it } from 'vitest';
import {
  RUNTIME_ERROR_CODES,
  RuntimeError,
  type InfluxClient,
  type InfluxSeries,
} from '../../runtime/index.ts';
import { PlatformError } from '../errors.ts';
import { parseTime, queryHistory, type HistoryRequest } from './reader.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const FALLBACK = 42;

describe('parseTime', () => {
  it('gives the fallback for a missing or empty value, and now for "now"', () => {
    expect(parseTime(undefined, FALLBACK, NOW)).toBe(FALLBACK);
    expect(parseTime('', FALLBACK, NOW)).toBe(FALLBACK);
    expect(parseTime('now', FALLBACK, NOW)).toBe(NOW);
  });

  it('reads epoch milliseconds', () => {
    expect(parseTime('1767225600000', FALLBACK, NOW)).toBe(1_767_225_600_000);
    expect(parseTime(String(NOW - 1), FALLBACK, NOW)).toBe(NOW - 1);
  });

  it('reads small epoch values as milliseconds too, not as years', () => {
    // Date.parse('0') is 2000-01-01 and Date.parse('12') is December 2001 in V8.
    expect(parseTime('0', FALLBACK, NOW)).toBe(0);
    expect(parseTime('12', FALLBACK, NOW)).toBe(12);
    expect(parseTime('86400000', FALLBACK, NOW)).toBe(86_400_000);
  });

  it('reads ISO times, with or without a zone', () => {
    expect(parseTime('2026-01-01T00:00:00Z', FALLBACK, NOW)).toBe(Date.UTC(2026, 0, 1));
    expect(parseTime('2026-01-01T01:30:00+01:00', FALLBACK, NOW)).toBe(Date.UTC(2026, 0, 1, 0, 30));
    expect(parseTime('2026-02-03', FALLBACK, NOW)).toBe(Date.UTC(2026, 1, 3));
  });

  it('reads relative times back from now in ms, s, m, h and d', () => {
    expect(parseTime('-250ms', FALLBACK, NOW)).toBe(NOW - 250);
    expect(parseTime('-30s', FALLBACK, NOW)).toBe(NOW - 30_000);
    expect(parseTime('-30m', FALLBACK, NOW)).toBe(NOW - 1_800_000);
    expect(parseTime('-1h', FALLBACK, NOW)).toBe(NOW - 3_600_000);
    expect(parseTime('-7d', FALLBACK, NOW)).toBe(NOW - 7 * 86_400_000);
    expect(parseTime('2h', FALLBACK, NOW)).toBe(NOW - 7_200_000);
  });

  it.each(['yesterday', '-1.5h', '-1w', '2026-13-45', '1h ago'])(
    "refuses '%s' with BAD_QUERY (400) and says what a time looks like",
    (text) => {
      let error: unknown;
      try {
        parseTime(text, FALLBACK, NOW);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(PlatformError);
      expect(error).toMatchObject({ code: 'TB_ERR_PLATFORM_BAD_QUERY', statusCode: 400 });
      expect((error as Error).message).toBe(
        `'${text}' is not a time: use epoch ms, an ISO time (2026-01-01T00:00:00Z) or a relative time like -1h.`,
      );
    },
  );
});

/** A stand-in for InfluxClient.query only (the real database is exercised in the *.int.test.ts files). */
const answering = (answer: (q: string) => Promise<InfluxSeries[]>) =>
  ({ query: answer }) as unknown as InfluxClient;

const request = (extra: Partial<HistoryRequest> = {}): HistoryRequest => ({
  deviceId: 'env-1',
  kind: 'telemetry',
  fromMs: 1_000,
  toMs: 2_000,
  limit: 100,
  ...extra,
});

async function rejection(p: Promise<unknown>): Promise<PlatformError> {
  try {
    await p;
  } catch (err) {
    return err as PlatformError;
  }
  throw new Error('expected a rejection');
}

describe('queryHistory', () => {
  it('asks for one device in the time range, and leaves the device_id column out of the answer', async () => {
    const asked: string[] = [];
    const client = answering(async (q) => {
      asked.push(q);
      return [
        { name: 'telemetry', columns: ['time', 'device_id', 'temperature'], values: [[1_500, 'env-1', 21]] },
      ];
    });
    const answer = await queryHistory(client, request({ fields: ['temperature'] }));
    expect(asked).toEqual([
      `SELECT "temperature" FROM telemetry WHERE device_id = 'env-1' AND time >= 1000ms AND time <= 2000ms ORDER BY time ASC LIMIT 100`,
    ]);
    expect(answer).toEqual({
      deviceId: 'env-1',
      kind: 'telemetry',
      from: 1_000,
      to: 2_000,
      columns: ['time', 'temperature'],
      rows: [[1_500, 21]],
    });
  });

  it('downsamples telemetry into buckets with the asked aggregates', async () => {
    const asked: string[] = [];
    await queryHistory(
      answering(async (q) => (asked.push(q), [])),
      request({ fields: ['temperature'], every: '10s', aggregates: ['mean', 'max'] }),
    );
    expect(asked[0]).toBe(
      `SELECT mean("temperature") AS "temperature_mean", max("temperature") AS "temperature_max" FROM telemetry WHERE device_id = 'env-1' AND time >= 1000ms AND time <= 2000ms GROUP BY time(10s) fill(none) LIMIT 100`,
    );
  });

  it.each([
    ['from after to', request({ fromMs: 3_000 }), /'from' \(3000\) is after 'to'/],
    ['a field that is not a name', request({ fields: ['x"; DROP'] }), /is not a field name/],
    ['buckets of non-telemetry', request({ kind: 'liveness', every: '1m' }), /telemetry only/],
    ['buckets without fields', request({ every: '1m' }), /needs 'fields'/],
    ['an unknown aggregate', request({ fields: ['t'], every: '1m', aggregates: ['median'] }), /'median'/],
  ])('refuses %s with BAD_QUERY', async (_what, req, message) => {
    const err = await rejection(
      queryHistory(
        answering(async () => []),
        req,
      ),
    );
    expect(err).toMatchObject({ code: 'TB_ERR_PLATFORM_BAD_QUERY', statusCode: 400 });
    expect(err.message).toMatch(message);
  });

  it('answers HISTORY_UNAVAILABLE (503) when InfluxDB does not answer', async () => {
    const down = new RuntimeError(
      RUNTIME_ERROR_CODES.INFLUX_REQUEST,
      'InfluxDB at http://127.0.0.1:8086 did not answer /query (fetch failed).',
      { cause: new TypeError('fetch failed') },
    );
    const err = await rejection(
      queryHistory(
        answering(async () => Promise.reject(down)),
        request(),
      ),
    );
    expect(err).toBeInstanceOf(PlatformError);
    expect(err).toMatchObject({ code: 'TB_ERR_PLATFORM_HISTORY_UNAVAILABLE', statusCode: 503, cause: down });
    expect(err.message).toMatch(/did not answer/);
  });

  it('passes other InfluxDB errors on unchanged', async () => {
    const refused = new RuntimeError(RUNTIME_ERROR_CODES.INFLUX_REQUEST, 'InfluxQL failed: oops', {
      upstreamStatus: 400,
    });
    expect(
      await rejection(
        queryHistory(
          answering(async () => Promise.reject(refused)),
          request(),
        ),
      ),
    ).toBe(refused);
  });
});
