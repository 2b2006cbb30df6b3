/** What the platform and simulator container modules share: images, networking, labels, log capture. */
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { STACK_ERROR_CODES, StackError } from '../errors.ts';
import { LogTail } from '../log-tail.ts';
import { containerEngine, engineHasBridge, imageExists } from '../modes/engine.ts';
import { STACK_LABEL } from '../modes/containers.ts';

export const APP_IMAGES = {
  platform: 'twinbench/platform:latest',
  simulator: 'twinbench/simulator:latest',
} as const;

export type AppNetwork = 'host' | 'bridge';

const RYUK_IMAGE = 'testcontainers/ryuk:0.14.0';

/** 'auto' → host on engines without a bridge network (this project's CI), else bridge. */
export async function resolveNetwork(requested: AppNetwork | 'auto'): Promise<AppNetwork> {
  if (requested !== 'auto') return requested;
  return (await engineHasBridge(await containerEngine())) ? 'bridge' : 'host';
}

/**
 * A URL on the host as a container sees it: unchanged on the host network; on a bridge, 127.0.0.1 and
 * localhost become host.docker.internal (mapped to the host gateway), reaching ports the stack mapped.
 */
export function urlFromContainer(url: string, network: AppNetwork): string {
  return network === 'host'
    ? url
    : url.replace(/\/\/(127\.0\.0\.1|localhost)(?=[:/])/, '//host.docker.internal');
}

export interface AppStartOptions {
  image: string;
  network: AppNetwork;
  env: Record<string, string>;
  /** Port the app serves inside the container (bridge: mapped; host: the port it binds on 127.0.0.1). */
  port: number;
  /** Log line that says the app is ready. */
  ready: RegExp;
  startupTimeoutMs: number;
  label: string;
  files?: { content: string; target: string; mode?: number }[];
  onLog?: (line: string) => void;
}

export interface StartedApp {
  container: StartedTestContainer;
  /** host:port where the app's HTTP port is reachable from this machine. */
  host: string;
  port: number;
  tail: LogTail;
  readyLine: string;
}

/** Starts an app container and waits for its ready log line; errors carry its last log lines. */
export async function startAppContainer(o: AppStartOptions): Promise<StartedApp> {
  const engine = await containerEngine();
  // Testcontainers' reaper only where its image is here (it cannot be pulled without a registry), as
  // the stack's containers mode decides; the app container is removed by stop() either way.
  if (process.env.TESTCONTAINERS_RYUK_DISABLED === undefined && !(await imageExists(engine, RYUK_IMAGE))) {
    process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  }
  // Say how to get a missing image instead of letting the engine try a registry (often unreachable here).
  if (o.image.startsWith('twinbench/') && !(await imageExists(engine, o.image))) {
    throw new StackError(
      STACK_ERROR_CODES.NOT_READY,
      `Image ${o.image} is not here: build it with \`npm run images:local\` (docs/containers.md).`,
    );
  }
  const tail = new LogTail(200);
  let readyLine = '';
  let c = new GenericContainer(o.image)
    .withEnvironment(o.env)
    .withLabels({ [STACK_LABEL]: o.label })
    .withLogConsumer((stream) =>
      stream.on('data', (d: Buffer | string) => {
        tail.push(d);
        if (o.onLog) for (const line of d.toString().split('\n')) if (line) o.onLog(line);
        if (!readyLine)
          readyLine =
            d
              .toString()
              .split('\n')
              .find((l) => o.ready.test(l)) ?? '';
      }),
    )
    .withWaitStrategy(Wait.forLogMessage(o.ready))
    .withStartupTimeout(o.startupTimeoutMs);
  if (o.files) c = c.withCopyContentToContainer(o.files);
  c =
    o.network === 'host'
      ? c.withNetworkMode('host')
      : c
          .withExposedPorts(o.port)
          .withExtraHosts([{ host: 'host.docker.internal', ipAddress: 'host-gateway' }]);
  let container: StartedTestContainer;
  try {
    container = await c.start();
  } catch (err) {
    const why = (err as Error).message;
    const missing = /No such image|pull access denied|not found/i.test(why);
    throw new StackError(
      STACK_ERROR_CODES.NOT_READY,
      missing
        ? `Image ${o.image} is not here: build it with \`npm run images:local\` (docs/containers.md).`
        : `${o.image} did not become ready: ${why.split('\n')[0]}`,
      { cause: err, logTail: tail.lines().slice(-20) },
    );
  }
  return o.network === 'host'
    ? { container, host: '127.0.0.1', port: o.port, tail, readyLine }
    : { container, host: container.getHost(), port: container.getMappedPort(o.port), tail, readyLine };
}

/**
 * What a started app container offers whatever the app: its id, its last log lines, and a stop that
 * removes it (once; later calls do nothing). `await using` stops it.
 */
export class StartedAppContainer implements AsyncDisposable {
  readonly #container: StartedTestContainer;
  readonly #tail: LogTail;
  #stopped = false;

  constructor(app: Pick<StartedApp, 'container' | 'tail'>) {
    this.#container = app.container;
    this.#tail = app.tail;
  }

  get id(): string {
    return this.#container.getId();
  }

  logs(): string[] {
    return this.#tail.lines();
  }

  /** SIGTERM, then SIGKILL after 15 s; the container is removed. */
  stop(): Promise<void> {
    return this.end(15_000);
  }

  /** Stops within `graceMs` (0 = SIGKILL at once) and removes the container. */
  protected async end(graceMs: number): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.#container.stop({ timeout: graceMs, remove: true });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }
}
