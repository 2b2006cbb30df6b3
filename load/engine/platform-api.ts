/** The few REST calls the flow steps make to the platform (docs/platform.md, REST API). */
import { LOAD_ERROR_CODES, LoadError } from '../errors.ts';

export interface CommandRecord {
  id: string;
  status: string;
  error?: string;
}

const FINAL = new Set(['succeeded', 'failed', 'timed_out']);

/** Whether a command status is final. */
export function isFinalStatus(status: string): boolean {
  return FINAL.has(status);
}

export class PlatformApi {
  readonly baseUrl: string;
  /** The API token (docs/security.md); artillery workers get it as TWINBENCH_TOKEN. */
  readonly token: string | undefined;

  constructor(baseUrl: string, token: string | undefined = process.env.TWINBENCH_TOKEN || undefined) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.token = token;
  }

  /** Headers of every request: the token, when there is one. */
  authHeaders(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  /** The stream's URL (ws:// or wss://) with a query. */
  streamUrl(query: string): string {
    return `${this.baseUrl.replace(/^http/, 'ws')}/stream?${query}`;
  }

  /**
   * PATCH /devices/{id}/desired. A device that has just connected may not be registered yet (its birth
   * message is still on its way through the platform): a 404 is retried until `waitMs` has passed.
   */
  async setDesired(deviceId: string, desired: Record<string, unknown>, waitMs: number): Promise<void> {
    await this.callKnown('PATCH', `/devices/${encodeURIComponent(deviceId)}/desired`, desired, waitMs);
  }

  /** POST /devices/{id}/commands: the tracked command (a 404 is retried as for setDesired). */
  async sendCommand(
    deviceId: string,
    body: { id: string; name: string; params?: Record<string, unknown>; timeoutMs: number },
    waitMs: number,
  ): Promise<CommandRecord> {
    return (await this.callKnown(
      'POST',
      `/devices/${encodeURIComponent(deviceId)}/commands`,
      body,
      waitMs,
    )) as CommandRecord;
  }

  private async callKnown(method: string, path: string, body: unknown, waitMs: number): Promise<unknown> {
    const end = Date.now() + waitMs;
    let pause = 20;
    for (;;) {
      const res = await this.request(method, path, body);
      if (res.status !== 404 || Date.now() + pause > end) return this.read(res, method, path);
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(500, pause * 2);
    }
  }

  /** GET /commands/{id}. */
  async command(commandId: string): Promise<CommandRecord> {
    return (await this.call('GET', `/commands/${encodeURIComponent(commandId)}`)) as CommandRecord;
  }

  /** GET /devices/{id}: the whole twin, or undefined when the device is not (yet) registered. */
  async twin(deviceId: string): Promise<Record<string, unknown> | undefined> {
    const res = await this.request('GET', `/devices/${encodeURIComponent(deviceId)}`);
    if (res.status === 404) return undefined;
    return (await this.read(res, 'GET', `/devices/${deviceId}`)) as Record<string, unknown>;
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    return this.read(await this.request(method, path, body), method, path);
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...this.authHeaders(),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (cause) {
      throw new LoadError(
        LOAD_ERROR_CODES.PLATFORM_REFUSED,
        `${method} ${this.baseUrl}${path} got no answer (${(cause as Error).message}); is the platform up at config.target?`,
        { cause },
      );
    }
  }

  private async read(res: Response, method: string, path: string): Promise<unknown> {
    const text = await res.text();
    if (!res.ok) {
      throw new LoadError(
        LOAD_ERROR_CODES.PLATFORM_REFUSED,
        `${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`,
      );
    }
    return text ? (JSON.parse(text) as unknown) : undefined;
  }
}
