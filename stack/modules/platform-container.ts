/**
 * The platform as a Testcontainers module, for users' own suites:
 *
 *   await using platform = await new PlatformContainer().withStack(stack).start();
 *   await platform.api.waitForTwin('env-001', (t) => t.online);
 *
 * A builder (`with*()`), then a started type whose `stop()` (or `await using`) is the only way back.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readDeviceTypeFiles } from '../../runtime/index.ts';
import type { TopicProfileSpec } from '../../twin/index.ts';
import type { StackInfo } from '../info.ts';
import type { StartedPlatform } from '../platform-process.ts';
import { freePort } from '../ports.ts';
import { prepareRunAuth, type RunAuth } from '../run-token.ts';
import { TwinbenchApi } from './api-client.ts';
import {
  APP_IMAGES,
  resolveNetwork,
  startAppContainer,
  StartedAppContainer,
  type StartedApp,
  urlFromContainer,
  type AppNetwork,
} from './app-containers.ts';

const CONTAINER_PORT = 8080;
const CONFIG_PATH = '/tmp/twinbench-platform.json';
const TOKEN_FILE_PATH = '/tmp/twinbench-tokens.json';

export interface PlatformContainerTarget {
  mqttUrl: string;
  mqtt?: { username?: string; password?: string };
  influx: { url: string; db: string; auth?: { username: string; password: string } };
}

export class PlatformContainer {
  #image: string;
  #target: PlatformContainerTarget | undefined;
  #config: Record<string, unknown> = {};
  #network: AppNetwork | 'auto' = 'auto';
  #startupTimeoutMs = 60_000;
  #label = 'platform';
  #onLog: ((line: string) => void) | undefined;
  #tokenFile: string | undefined;

  /** @param image default `twinbench/platform:latest` (built by `npm run images:local`). */
  constructor(image: string = APP_IMAGES.platform) {
    this.#image = image;
  }

  /** The broker and database of a started stack (or any with the same shape). */
  withStack(stack: Pick<StackInfo, 'mqttUrl' | 'mqtt' | 'influx'>): this {
    this.#target = {
      mqttUrl: stack.mqttUrl,
      mqtt: {
        ...(stack.mqtt.username ? { username: stack.mqtt.username } : {}),
        ...(stack.mqtt.password ? { password: stack.mqtt.password } : {}),
      },
      influx: stack.influx,
    };
    return this;
  }

  /** Another history database than the stack's (same InfluxDB, another `db`, or another server). */
  withHistoryDatabase(influx: PlatformContainerTarget['influx']): this {
    if (!this.#target) throw new Error('withHistoryDatabase() after withStack() or withBroker()');
    this.#target = { ...this.#target, influx };
    return this;
  }

  withBroker(mqttUrl: string, credentials: { username?: string; password?: string } = {}): this {
    this.#target = {
      influx: this.#target?.influx ?? { url: '', db: 'twinbench' },
      mqttUrl,
      mqtt: credentials,
    };
    return this;
  }

  /** A built-in profile name or a profile spec; adds to the platform's profiles. */
  withTopicProfile(profile: string | TopicProfileSpec): this {
    const list = (this.#config.profiles as unknown[] | undefined) ?? ['twinbench'];
    this.#config = { ...this.#config, profiles: [...list, profile] };
    return this;
  }

  /** Any other platform config key (docs/platform.md): registration, heartbeatTimeoutMs, … */
  withConfig(config: Record<string, unknown>): this {
    this.#config = { ...this.#config, ...config };
    return this;
  }

  /** 'auto' (default): host networking on engines without a bridge network, else bridge with a mapped port. */
  withNetwork(network: AppNetwork | 'auto'): this {
    this.#network = network;
    return this;
  }

  withStartupTimeout(ms: number): this {
    this.#startupTimeoutMs = ms;
    return this;
  }

  /** Value of the `dev.twinbench.stack` label (stray containers are found by it). */
  withLabel(label: string): this {
    this.#label = label;
    return this;
  }

  /**
   * The token file whose tokens the platform accepts (a copy goes into the container when it starts:
   * tokens created later need a new container). Default: a temporary one holding only the run's admin
   * token. `withConfig({ auth: 'off' })` turns tokens off.
   */
  withTokenFile(file: string): this {
    this.#tokenFile = file;
    return this;
  }

  /** Called with every log line the platform prints (pino JSON). */
  withLogListener(listener: (line: string) => void): this {
    this.#onLog = listener;
    return this;
  }

  async start(): Promise<StartedPlatformContainer> {
    const t = this.#target;
    if (!t || !t.influx.url) {
      throw new Error('PlatformContainer needs a broker and a database: call withStack(stack) first.');
    }
    const auth = await prepareRunAuth(this.#config, this.#tokenFile);
    try {
      return await this.#start(t, auth);
    } catch (err) {
      await auth.release();
      throw err;
    }
  }

  async #start(t: PlatformContainerTarget, auth: RunAuth): Promise<StartedPlatformContainer> {
    const network = await resolveNetwork(this.#network);
    const asked = (this.#config.http as { port?: number } | undefined)?.port;
    const port = network === 'host' ? asked || (await freePort()) : CONTAINER_PORT;
    // Device-type files named by path are checked here and copied to the same paths in the container,
    // so the platform there reads (and shows as `source`) what a platform process would.
    const typeFiles = deviceTypePaths(this.#config.deviceTypes).flatMap((p) =>
      readDeviceTypeFiles([p]).map((d) => d.source),
    );
    const config = {
      ...auth.config,
      ...(this.#config.deviceTypes !== undefined
        ? { deviceTypes: absolutePaths(this.#config.deviceTypes as unknown[]) }
        : {}),
      ...(auth.tokenFile
        ? { auth: { ...(auth.config.auth as Record<string, unknown>), tokenFile: TOKEN_FILE_PATH } }
        : {}),
      mqtt: { ...t.mqtt, url: urlFromContainer(t.mqttUrl, network) },
      influx: { ...t.influx, url: urlFromContainer(t.influx.url, network) },
      // On the host network the container shares the machine's interfaces: stay on loopback.
      http: { host: network === 'host' ? '127.0.0.1' : '0.0.0.0', port },
    };
    const app = await startAppContainer({
      image: this.#image,
      network,
      port,
      env: {
        TWINBENCH_PLATFORM_CONFIG_FILE: CONFIG_PATH,
        TWINBENCH_HTTP_PORT: String(port),
        TWINBENCH_HTTP_HOST: config.http.host,
      },
      files: [
        { content: JSON.stringify(config), target: CONFIG_PATH },
        ...(await Promise.all(
          typeFiles.map(async (f) => ({ content: await readFile(f, 'utf8'), target: f, mode: 0o644 })),
        )),
        ...(auth.tokenFile
          ? [{ content: await readFile(auth.tokenFile, 'utf8'), target: TOKEN_FILE_PATH, mode: 0o644 }]
          : []),
      ],
      ready: /"event":"ready"/,
      startupTimeoutMs: this.#startupTimeoutMs,
      label: this.#label,
      ...(this.#onLog ? { onLog: this.#onLog } : {}),
    });
    return new StartedPlatformContainer(app, auth);
  }
}

/** A running platform container; the same face as a platform process (`StartedPlatform`). */
export class StartedPlatformContainer extends StartedAppContainer implements StartedPlatform {
  readonly url: string;
  readonly wsUrl: string;
  readonly api: TwinbenchApi;
  readonly restored: unknown;
  readonly token: string | undefined;
  readonly tokenFile: string | undefined;
  readonly #auth: RunAuth;

  constructor(app: StartedApp, auth: RunAuth) {
    super(app);
    this.#auth = auth;
    this.token = auth.token;
    this.tokenFile = auth.tokenFile;
    this.url = `http://${app.host}:${app.port}`;
    this.wsUrl = this.url.replace(/^http/, 'ws');
    this.api = new TwinbenchApi(this.url, auth.token);
    const line = app.readyLine;
    this.restored = line
      ? (JSON.parse(line.slice(line.indexOf('{'))) as { restored?: unknown }).restored
      : undefined;
  }

  /** -1: the platform runs inside the container (as its PID 1), not as a process of this machine. */
  get pid(): number {
    return -1;
  }

  /** SIGKILL: a crash, for restart tests; the container is removed. */
  kill(): Promise<void> {
    return this.end(0);
  }

  protected override async end(graceMs: number): Promise<void> {
    await super.end(graceMs);
    await this.#auth.release();
  }
}

/** The path entries of a `deviceTypes` config (the others are documents inline). */
function deviceTypePaths(entries: unknown): string[] {
  return Array.isArray(entries)
    ? entries.filter((e): e is string => typeof e === 'string').map((e) => resolve(e))
    : [];
}

/** `deviceTypes` with relative paths made absolute: the container's working directory is not ours. */
function absolutePaths(entries: unknown[]): unknown[] {
  return entries.map((e) => (typeof e === 'string' ? resolve(e) : e));
}
