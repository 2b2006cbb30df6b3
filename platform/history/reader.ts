import { RuntimeError, type InfluxSeries } from '../../runtime/index.ts';
import type { HistoryPort } from '../ports/ports.ts';
import type { HistoryAnswer, HistoryKind } from '../../twin/index.ts';
import { PlatformError } from '../errors.ts';
import { MEASUREMENTS } from './measurements.ts';
import { parseTimeParam } from './query-params.ts';

const AGGREGATES = new Set(['mean', 'min', 'max', 'last', 'first', 'count', 'sum']);
const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface HistoryRequest {
  deviceId: string;
  kind: HistoryKind;
  fromMs: number;
  toMs: number;
  fields?: string[];
  /** InfluxQL duration, e.g. 10s; with it the answer is bucketed. */
  every?: string;
  aggregates?: string[];
  limit: number;
}

/**
 * Parses epoch ms, ISO time, or a relative time (`-1h`, `-30m`, `now`), within the times InfluxDB can
 * hold; a 400 names `param`.
 */
export function parseTime(text: string | undefined, fallback: number, now: number, param?: string): number {
  return parseTimeParam(param, text, fallback, now);
}

/** Not shown: the device (asked for already) and a shadow point's request mark (message-marks.ts). */
const HIDDEN_COLUMNS = new Set(['device_id', 'msg']);

/** Queries one device's history, raw or downsampled into mean/min/max buckets. */
export async function queryHistory(
  client: Pick<HistoryPort, 'query'>,
  req: HistoryRequest,
): Promise<HistoryAnswer> {
  if (req.fromMs > req.toMs)
    throw new PlatformError('BAD_QUERY', `'from' (${req.fromMs}) is after 'to' (${req.toMs}).`);
  if (!Number.isSafeInteger(req.limit) || req.limit < 1)
    throw new PlatformError('BAD_QUERY', `'limit' (${req.limit}) must be a whole number of at least 1.`);
  const measurement = MEASUREMENTS[req.kind];
  const fields = req.fields ?? [];
  for (const f of fields) {
    if (!FIELD.test(f))
      throw new PlatformError('BAD_QUERY', `'${f}' is not a field name (letters, digits, _).`);
  }
  const where = `device_id = '${req.deviceId.replace(/'/g, "\\'")}' AND time >= ${Math.floor(req.fromMs)}ms AND time <= ${Math.ceil(req.toMs)}ms`;
  let q: string;
  if (req.every) {
    if (req.kind !== 'telemetry')
      throw new PlatformError('BAD_QUERY', 'downsampling (every) applies to telemetry only.');
    if (fields.length === 0)
      throw new PlatformError('BAD_QUERY', "downsampling needs 'fields' (e.g. fields=temperature,humidity).");
    const aggs = req.aggregates ?? ['mean', 'min', 'max'];
    for (const a of aggs) {
      if (!AGGREGATES.has(a))
        throw new PlatformError(
          'BAD_QUERY',
          `'${a}' is not an aggregate; use ${[...AGGREGATES].join(', ')}.`,
        );
    }
    const select = fields.flatMap((f) => aggs.map((a) => `${a}("${f}") AS "${f}_${a}"`)).join(', ');
    q = `SELECT ${select} FROM ${measurement} WHERE ${where} GROUP BY time(${req.every}) fill(none) LIMIT ${req.limit}`;
  } else {
    const select = fields.length > 0 ? fields.map((f) => `"${f}"`).join(', ') : '*';
    q = `SELECT ${select} FROM ${measurement} WHERE ${where} ORDER BY time ASC LIMIT ${req.limit}`;
  }
  let series: InfluxSeries[];
  try {
    series = await client.query(q);
  } catch (err) {
    // InfluxDB unreachable (a failed request carries its cause) or failing (5xx): 503, not a 500.
    const status = err instanceof RuntimeError ? err.upstreamStatus : undefined;
    const unreachable = status === undefined && (err as Error).cause !== undefined;
    if (unreachable || (status !== undefined && status >= 500))
      throw new PlatformError('HISTORY_UNAVAILABLE', `History is unavailable: ${(err as Error).message}`, {
        cause: err,
      });
    throw err;
  }
  const first = series[0];
  const answer: HistoryAnswer = {
    deviceId: req.deviceId,
    kind: req.kind,
    from: req.fromMs,
    to: req.toMs,
    columns: first?.columns.filter((c) => !HIDDEN_COLUMNS.has(c)) ?? [],
    rows: [],
  };
  if (req.every) answer.every = req.every;
  if (first) {
    const keep = first.columns.map((c) => !HIDDEN_COLUMNS.has(c));
    answer.rows = first.values.map((row) => row.filter((_, i) => keep[i]));
  }
  return answer;
}
