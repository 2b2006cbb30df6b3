/**
 * A small typed client of the platform's REST API, for users' own test suites (what the started
 * platform container hands out as `api`). Types come from twin/'s wire types, so it cannot drift from
 * the platform. Errors carry the platform's own message and code.
 */
import type { CommandView, DevicePage, DeviceSummary, Health, TwinView } from '../../twin/index.ts';
import { STACK_ERROR_CODES, StackError } from '../errors.ts';

export class TwinbenchApi {
  readonly baseUrl: string;
  readonly #token: string | undefined;

  /** @param token an API token (docs/security.md), sent as `Authorization: Bearer`; none with auth off. */
  constructor(baseUrl: string, token?: string) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.#token = token;
  }

  health(): Promise<Health> {
    return this.request('GET', '/health', undefined, [200, 503]);
  }

  /** Every device: GET /devices page by page, following `next` (docs/platform.md). */
  async devices(query: Record<string, string> = {}): Promise<DeviceSummary[]> {
    const all: DeviceSummary[] = [];
    let cursor: string | undefined;
    do {
      const params = new URLSearchParams({ limit: '10000', ...query, ...(cursor ? { cursor } : {}) });
      const page: DevicePage = await this.request('GET', `/devices?${params}`);
      all.push(...(page.devices as DeviceSummary[]));
      cursor = page.next;
    } while (cursor);
    return all;
  }

  twin(id: string): Promise<TwinView> {
    return this.request('GET', `/devices/${encodeURIComponent(id)}`);
  }

  /** The twin, or undefined while the platform does not know the device. */
  async findTwin(id: string): Promise<TwinView | undefined> {
    try {
      return await this.twin(id);
    } catch (err) {
      if (err instanceof StackError && err.statusCode === 404) return undefined;
      throw err;
    }
  }

  setDesired(id: string, desired: Record<string, unknown>): Promise<unknown> {
    return this.request('PATCH', `/devices/${encodeURIComponent(id)}/desired`, desired);
  }

  sendCommand(id: string, name: string, params: Record<string, unknown> = {}): Promise<CommandView> {
    return this.request('POST', `/devices/${encodeURIComponent(id)}/commands`, { name, params });
  }

  command(commandId: string): Promise<CommandView> {
    return this.request('GET', `/commands/${encodeURIComponent(commandId)}`);
  }

  /** Polls the twin until `test` holds (or the time is up, with the last twin in the error). */
  async waitForTwin(
    id: string,
    test: (twin: TwinView) => boolean,
    { timeoutMs = 15_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
  ): Promise<TwinView> {
    const deadline = Date.now() + timeoutMs;
    let last: TwinView | undefined;
    for (;;) {
      last = await this.findTwin(id);
      if (last && test(last)) return last;
      if (Date.now() > deadline) {
        throw new StackError(
          STACK_ERROR_CODES.NOT_READY,
          `Twin ${id} did not reach the expected state within ${timeoutMs} ms; last seen: ${last ? JSON.stringify(last).slice(0, 400) : 'unknown to the platform'}.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  private async request<T>(method: string, path: string, body?: unknown, ok = [200, 201, 202]): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!ok.includes(res.status)) {
      const e = parsed as { message?: string; code?: string } | undefined;
      throw new StackError(
        STACK_ERROR_CODES.BAD_OPTIONS,
        `${method} ${path} answered ${res.status}: ${e?.message ?? text.slice(0, 300)}${e?.code ? ` [${e.code}]` : ''}`,
        { statusCode: res.status },
      );
    }
    return parsed as T;
  }
}
