import type {
  CommandDoc,
  DataSource,
  HistoryQuery,
  HistoryRows,
  Published,
  TwinDoc,
} from '../expect/data-source.ts';
import type { PlatformApi, PlatformControl, SentCommand } from '../engine/world.ts';
import type { PlatformHttp } from './platform-http.ts';
import type { PlatformProcess } from './platform-process.ts';

const enc = encodeURIComponent;

/** Expectations' data from the platform's REST API (and the fleets, for what they published). */
export class PlatformData implements DataSource {
  readonly #http: PlatformHttp;
  readonly #published: (fleet: string) => Published;

  constructor(http: PlatformHttp, published: (fleet: string) => Published) {
    this.#http = http;
    this.#published = published;
  }

  async twin(id: string): Promise<TwinDoc | undefined> {
    // One request per look: a 404 is "no twin yet", any other non-2xx an error quoting the platform.
    const a = await this.#http.request('GET', `/devices/${enc(id)}`);
    if (a.status === 404) return undefined;
    return this.#http.bodyOf(a, 'GET', `/devices/${enc(id)}`) as TwinDoc;
  }

  /** Every device's id and liveness: GET /devices page by page, only the fields it needs. */
  async devices(): Promise<{ id: string; online: boolean }[]> {
    const out: { id: string; online: boolean }[] = [];
    let cursor: string | undefined;
    do {
      const url = `/devices?limit=10000&fields=online${cursor ? `&cursor=${enc(cursor)}` : ''}`;
      const page = (await this.#http.ok('GET', url)) as {
        devices: { device: { id: string }; online: boolean }[];
        next?: string;
      };
      for (const d of page.devices) out.push({ id: d.device.id, online: d.online });
      cursor = page.next;
    } while (cursor);
    return out;
  }

  async history(id: string, q: HistoryQuery): Promise<HistoryRows> {
    const params = new URLSearchParams({
      kind: q.kind,
      from: String(Math.floor(q.fromMs)),
      to: String(Math.ceil(q.toMs)),
      limit: '100000',
      ...(q.fields ? { fields: q.fields.join(',') } : {}),
    });
    const a = await this.#http.request('GET', `/devices/${enc(id)}/history?${params}`);
    if (a.status === 404) return { columns: [], rows: [] };
    return this.#http.bodyOf(a, 'GET', `/devices/${enc(id)}/history`) as HistoryRows;
  }

  async command(id: string): Promise<CommandDoc | undefined> {
    const a = await this.#http.request('GET', `/commands/${enc(id)}`);
    return a.status === 404 ? undefined : (a.body as CommandDoc);
  }

  async metrics(): Promise<string> {
    return String(await this.#http.ok('GET', '/metrics'));
  }

  async health(): Promise<{ status: number; body: unknown }> {
    return this.#http.request('GET', '/health');
  }

  async published(fleet: string): Promise<Published> {
    return this.#published(fleet);
  }
}

/** Actions on the platform: desired state and commands over REST, stop and start of the process. */
export class PlatformActions implements PlatformControl {
  readonly #http: PlatformHttp;
  readonly #process: PlatformProcess;

  constructor(http: PlatformHttp, process: PlatformProcess) {
    this.#http = http;
    this.#process = process;
  }

  get url(): string {
    return this.#process.url;
  }

  get api(): PlatformApi {
    return this.#http;
  }

  get running(): boolean {
    return this.#process.running;
  }

  async setDesired(id: string, state: Record<string, unknown>): Promise<void> {
    await this.#http.ok('PATCH', `/devices/${enc(id)}/desired`, state);
  }

  async sendCommand(
    id: string,
    body: { name: string; params?: Record<string, unknown>; timeoutMs?: number },
  ): Promise<SentCommand> {
    const c = (await this.#http.ok('POST', `/devices/${enc(id)}/commands`, body)) as SentCommand;
    return { id: c.id, status: c.status };
  }

  stop(how: 'stop' | 'kill'): Promise<void> {
    return this.#process.stop(how);
  }

  start(): Promise<void> {
    return this.#process.start();
  }
}
