import { RUNTIME_ERROR_CODES, RuntimeError } from '../errors.ts';

/** One series of an InfluxQL answer. */
export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

interface QueryAnswer {
  results?: { statement_id?: number; series?: InfluxSeries[]; error?: string }[];
  error?: string;
}

export interface InfluxClientOptions {
  /** http://host:port of the InfluxDB v1 HTTP API. */
  url: string;
  /** Database for writes and queries that name none. */
  db?: string;
  /** HTTP Basic credentials (1.x user/password; 2.x v1-auth; 3.x token as password). */
  auth?: { username: string; password: string };
  /** Per-request timeout. Default 10 000 ms. */
  timeoutMs?: number;
}

/**
 * The InfluxDB v1 HTTP API subset that 1.x, 2.x (v1 compatibility) and 3.x all answer
 * (../shared/notes/influxdb.md): /ping, /write?precision=ms, /query with InfluxQL, Basic auth.
 */
export class InfluxClient {
  readonly url: string;
  readonly db: string | undefined;
  readonly #authHeader: string | undefined;
  readonly #timeoutMs: number;

  constructor(options: InfluxClientOptions) {
    this.url = options.url.replace(/\/$/, '');
    this.db = options.db;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    if (options.auth) {
      const token = Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64');
      this.#authHeader = `Basic ${token}`;
    }
  }

  #headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.#authHeader ? { authorization: this.#authHeader, ...extra } : extra;
  }

  async #fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.url}${path}`, { ...init, signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (cause) {
      throw new RuntimeError(
        RUNTIME_ERROR_CODES.INFLUX_REQUEST,
        `InfluxDB at ${this.url} did not answer ${path.split('?')[0]} (${(cause as Error).message}). Check that it runs (twinbench stack status) and the URL is right.`,
        { cause },
      );
    }
  }

  /** Resolves with the server version when /ping answers 204. */
  async ping(): Promise<string> {
    const res = await this.#fetch('/ping', { headers: this.#headers() });
    if (res.status !== 204) throw this.#httpError('/ping', res.status, await res.text());
    return res.headers.get('x-influxdb-version') ?? 'unknown';
  }

  /** Creates a database (1.x); harmless when it exists. */
  async createDatabase(db: string): Promise<void> {
    await this.queryRaw(`CREATE DATABASE "${db.replace(/"/g, '\\"')}"`, { method: 'POST' });
  }

  async dropDatabase(db: string): Promise<void> {
    await this.queryRaw(`DROP DATABASE "${db.replace(/"/g, '\\"')}"`, { method: 'POST' });
  }

  /** Writes line protocol with millisecond timestamps. */
  async write(lines: string | readonly string[], db = this.#requireDb()): Promise<void> {
    const body = typeof lines === 'string' ? lines : lines.join('\n');
    if (body.length === 0) return;
    const res = await this.#fetch(`/write?db=${encodeURIComponent(db)}&precision=ms`, {
      method: 'POST',
      headers: this.#headers({ 'content-type': 'text/plain; charset=utf-8' }),
      body,
    });
    if (res.status !== 204) throw this.#httpError('/write', res.status, await res.text());
  }

  /** Runs one InfluxQL statement and returns its series (times as epoch ms). */
  async query(q: string, db: string | undefined = this.db): Promise<InfluxSeries[]> {
    const answer = await this.queryRaw(q, { db });
    return answer.results?.[0]?.series ?? [];
  }

  async queryRaw(
    q: string,
    opts: { db?: string | undefined; method?: 'GET' | 'POST' } = {},
  ): Promise<QueryAnswer> {
    const params = new URLSearchParams({ q, epoch: 'ms' });
    if (opts.db) params.set('db', opts.db);
    const res = await this.#fetch(`/query?${params}`, {
      method: opts.method ?? 'GET',
      headers: this.#headers(),
    });
    const text = await res.text();
    if (res.status >= 300) throw this.#httpError('/query', res.status, text);
    const answer = JSON.parse(text) as QueryAnswer;
    const error = answer.error ?? answer.results?.find((r) => r.error)?.error;
    if (error)
      throw new RuntimeError(RUNTIME_ERROR_CODES.INFLUX_REQUEST, `InfluxQL failed: ${error} (query: ${q})`);
    return answer;
  }

  #requireDb(): string {
    if (!this.db)
      throw new RuntimeError(
        RUNTIME_ERROR_CODES.INFLUX_NO_DB,
        'InfluxClient.write needs a database: pass db to the constructor or to write().',
      );
    return this.db;
  }

  #httpError(path: string, status: number, body: string): RuntimeError {
    const hint =
      status === 401 || status === 403
        ? ' Check the InfluxDB user and password.'
        : status === 404 && body.includes('database not found')
          ? ' Create the database first (InfluxClient.createDatabase).'
          : '';
    const upstreamError = errorOfAnswer(body);
    return new RuntimeError(
      RUNTIME_ERROR_CODES.INFLUX_REQUEST,
      `InfluxDB ${path} answered ${status}: ${body.trim().slice(0, 300)}.${hint}`,
      { upstreamStatus: status, ...(upstreamError !== undefined ? { upstreamError } : {}) },
    );
  }
}

/** The `error` of an InfluxDB JSON answer (`{"error":…}` or `{"results":[{"error":…}]}`), whole. */
function errorOfAnswer(body: string): string | undefined {
  let answer: QueryAnswer;
  try {
    answer = JSON.parse(body) as QueryAnswer;
  } catch {
    return undefined;
  }
  if (typeof answer !== 'object' || answer === null) return undefined;
  const error = answer.error ?? answer.results?.find((r) => r.error)?.error;
  return typeof error === 'string' ? error : undefined;
}

/**
 * How many lines of a refused write InfluxDB did not store, read from its answer: a `partial write`
 * ends with `dropped=N` (points refused as data, e.g. field type conflicts) and lists each line it
 * could not parse as `unable to parse '…'` (not counted in N). `undefined` when the answer says
 * neither (then the whole batch must be taken as refused).
 */
export function linesRefused(upstreamError: string | undefined): number | undefined {
  if (upstreamError === undefined) return undefined;
  const dropped = /dropped=(\d+)\s*$/.exec(upstreamError);
  const unparsable = upstreamError.match(/unable to parse '/g)?.length ?? 0;
  if (!dropped && unparsable === 0) return undefined;
  return (dropped ? Number(dropped[1]) : 0) + unparsable;
}
