/** The platform's REST API as the viewer uses it. Every failure becomes a ViewerError naming the request. */
import { VIEWER_ERROR_CODES, ViewerError } from '../errors.ts';
import type {
  CommandRecord,
  DeviceListEntry,
  FleetHistory,
  FleetSnapshot,
  HistoryAnswer,
  TwinView,
} from './wire.ts';

export interface RestClientOptions {
  /** The platform's base URL, e.g. `http://127.0.0.1:8080`. Default: this page's origin. */
  baseUrl?: string;
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** An API token, sent as `Authorization: Bearer`. Default: none (a platform with auth off). */
  token?: string | undefined;
}

export class RestClient {
  readonly baseUrl: string;
  readonly #fetch: typeof fetch;
  readonly #token: string | undefined;

  constructor(options: RestClientOptions = {}) {
    this.#token = options.token;
    this.baseUrl = (options.baseUrl ?? globalThis.location.origin).replace(/\/$/, '');
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Every device: GET /devices page by page (10,000 at a time), following `next`. */
  async devices(): Promise<DeviceListEntry[]> {
    const all: DeviceListEntry[] = [];
    let cursor: string | undefined;
    do {
      const page: { devices: DeviceListEntry[]; next?: string } = await this.#json(
        'GET',
        `/devices?limit=10000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      all.push(...page.devices);
      cursor = page.next;
    } while (cursor);
    return all;
  }

  twin(id: string): Promise<TwinView> {
    return this.#json('GET', `/devices/${encodeURIComponent(id)}`);
  }

  history(id: string, query: Record<string, string>): Promise<HistoryAnswer> {
    return this.#json('GET', `/devices/${encodeURIComponent(id)}/history?${new URLSearchParams(query)}`);
  }

  sendCommand(id: string, name: string, params: Record<string, unknown> = {}): Promise<CommandRecord> {
    return this.#json('POST', `/devices/${encodeURIComponent(id)}/commands`, { name, params });
  }

  command(commandId: string): Promise<CommandRecord> {
    return this.#json('GET', `/commands/${encodeURIComponent(commandId)}`);
  }

  setDesired(id: string, patch: Record<string, unknown>): Promise<unknown> {
    return this.#json('PATCH', `/devices/${encodeURIComponent(id)}/desired`, patch);
  }

  /** Each device's latest values at or before `at` (ms). undefined when the platform has no such route. */
  async snapshot(at: number, fields: readonly string[]): Promise<FleetSnapshot | undefined> {
    const q = new URLSearchParams({
      at: String(Math.round(at)),
      ...(fields.length > 0 ? { fields: fields.join(',') } : {}),
    });
    return this.#optional(`/history/snapshot?${q}`);
  }

  /** The fleet's history in buckets. undefined when the platform has no such route. */
  async fleetHistory(
    from: number,
    to: number,
    every: string,
    fields: readonly string[],
  ): Promise<FleetHistory | undefined> {
    const q = new URLSearchParams({
      from: String(Math.round(from)),
      to: String(Math.round(to)),
      every,
      fields: fields.join(','),
    });
    return this.#optional(`/history/fleet?${q}`);
  }

  async #optional<T>(path: string): Promise<T | undefined> {
    try {
      return await this.#json<T>('GET', path);
    } catch (e) {
      if (e instanceof ViewerError && e.statusCode === 404 && !/TB_ERR_PLATFORM_UNKNOWN/.test(e.message))
        return undefined;
      throw e;
    }
  }

  async #json<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      const headers: Record<string, string> = {};
      if (this.#token) headers.authorization = `Bearer ${this.#token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      res = await this.#fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (e) {
      throw new ViewerError(
        VIEWER_ERROR_CODES.API,
        `${method} ${path}: the platform at ${this.baseUrl} does not answer (${(e as Error).message}); is it running?`,
        { cause: e },
      );
    }
    const text = await res.text();
    if (!res.ok) {
      let message = text;
      try {
        const j = JSON.parse(text) as { code?: unknown; message?: unknown };
        message = `${String(j.code ?? res.status)}: ${String(j.message ?? text)}`;
      } catch {
        // not JSON: keep the text
      }
      throw new ViewerError(VIEWER_ERROR_CODES.API, `${method} ${path} answered ${res.status}: ${message}`, {
        statusCode: res.status,
      });
    }
    return JSON.parse(text) as T;
  }
}
