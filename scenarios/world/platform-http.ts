import type { PlatformApi } from '../engine/world.ts';
import { SCENARIOS_ERROR_CODES, ScenarioError } from '../errors.ts';

export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** JSON over HTTP to the scenario's platform, whose URL and API token change when it restarts. */
export class PlatformHttp implements PlatformApi {
  readonly #url: () => string;
  readonly #token: () => string | undefined;
  readonly #timeoutMs: number;

  constructor(url: () => string, timeoutMs = 10_000, token: () => string | undefined = () => undefined) {
    this.#url = url;
    this.#timeoutMs = timeoutMs;
    this.#token = token;
  }

  async request(method: string, path: string, body?: unknown): Promise<HttpAnswer> {
    const url = `${this.#url()}${path}`;
    let res: Response;
    const headers: Record<string, string> = {};
    const token = this.#token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      res = await fetch(url, {
        method,
        headers,
        signal: AbortSignal.timeout(this.#timeoutMs),
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new ScenarioError(
        SCENARIOS_ERROR_CODES.PLATFORM_UNREACHABLE,
        `the platform at ${this.#url()} did not answer ${method} ${path.split('?')[0]} (${cause}); is it running? (see its log in the report)`,
        { cause: err },
      );
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Prometheus text and the like stay text.
    }
    return { status: res.status, body: parsed };
  }

  /** A 2xx answer's body, or an error that quotes the platform's own message. */
  async ok(method: string, path: string, body?: unknown): Promise<unknown> {
    return this.bodyOf(await this.request(method, path, body), method, path);
  }

  /** The body of an answer already received when it is 2xx; otherwise the error `ok` throws. */
  bodyOf(a: HttpAnswer, method: string, path: string): unknown {
    if (a.status >= 200 && a.status < 300) return a.body;
    const msg = (a.body as { message?: string } | undefined)?.message ?? JSON.stringify(a.body);
    throw new ScenarioError(
      SCENARIOS_ERROR_CODES.ACTION_FAILED,
      `${method} ${path.split('?')[0]} answered ${a.status}: ${msg}`,
    );
  }
}
