import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { STACK_ERROR_CODES, StackError } from './errors.ts';
import type { StackInfo } from './info.ts';
import { LogTail } from './log-tail.ts';
import { prepareRunAuth } from './run-token.ts';

// A path, not an import: the platform is a service and runs in a process of its own.
const PLATFORM_MAIN = fileURLToPath(new URL('../platform/main.ts', import.meta.url));

export interface PlatformProcessOptions {
  /**
   * Platform config beyond mqtt/influx (registration, profiles, heartbeatTimeoutMs, http.port …); see
   * docs/platform.md. API tokens are on unless it says `auth: 'off'` (docs/security.md).
   */
  config?: Record<string, unknown>;
  /** Token file when the config names none. Default: a temporary one, removed when the platform stops. */
  tokenFile?: string;
  /** Default 30 000 ms. */
  startupTimeoutMs?: number;
  /** Lines of the platform's log kept for failures. Default 200. */
  logLines?: number;
  /** Called with every log line (pino JSON) the platform prints. */
  onLog?: (line: string) => void;
  /** Node options for the platform process, before its script (`--cpu-prof`, `--max-semi-space-size=…`). */
  nodeArgs?: readonly string[];
}

/** A running platform process. */
export interface StartedPlatform extends AsyncDisposable {
  readonly url: string;
  readonly wsUrl: string;
  readonly pid: number;
  /**
   * The run's admin token (send `Authorization: Bearer <token>`), revoked when the platform stops;
   * undefined when the config says `auth: 'off'`.
   */
  readonly token: string | undefined;
  /** The token file the platform reads (twinbench token create adds to it); undefined with auth off. */
  readonly tokenFile: string | undefined;
  /** What the platform rebuilt from history at start. */
  readonly restored: unknown;
  logs(): string[];
  /** SIGTERM: the platform flushes history and disconnects. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, for restart tests. */
  kill(): Promise<void>;
}

/** Starts `platform/main.ts` against a stack and resolves when it serves HTTP. */
export async function startPlatformProcess(
  stack: Pick<StackInfo, 'mqttUrl' | 'mqtt' | 'influx' | 'tls' | 'listen'>,
  options: PlatformProcessOptions = {},
): Promise<StartedPlatform> {
  if (stack.listen && options.config?.auth === 'off')
    throw new StackError(
      STACK_ERROR_CODES.BAD_OPTIONS,
      `The platform would be open to the network (--listen ${stack.listen}) with auth 'off': drop auth 'off' (the run then uses API tokens, docs/security.md) or do not use --listen.`,
    );
  const auth = await prepareRunAuth(options.config ?? {}, options.tokenFile);
  const config = {
    ...auth.config,
    // The stack's TLS and reach (--tls, --listen) apply to the API too, unless the config says otherwise.
    ...(stack.tls || stack.listen ? { http: httpWithStack(stack, auth.config.http) } : {}),
    mqtt: {
      url: stack.mqttUrl,
      ...(stack.mqtt.username ? { username: stack.mqtt.username } : {}),
      ...(stack.mqtt.password ? { password: stack.mqtt.password } : {}),
    },
    influx: {
      url: stack.influx.url,
      db: stack.influx.db,
      ...(stack.influx.auth ? { auth: stack.influx.auth } : {}),
    },
  };
  const tail = new LogTail(options.logLines ?? 200);
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), PLATFORM_MAIN, JSON.stringify(config)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.stderr?.on('data', (d: Buffer) => {
    tail.push(d);
    if (options.onLog) for (const line of d.toString().split('\n')) if (line) options.onLog(line);
  });
  const timeoutMs = options.startupTimeoutMs ?? 30_000;
  const ready = await new Promise<{ url: string; restored: unknown }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(notReady(`did not report ready within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const notReady = (why: string) =>
      new StackError(STACK_ERROR_CODES.NOT_READY, `The platform ${why}.`, {
        logTail: tail.lines().slice(-20),
      });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes('"event":"ready"'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as { url: string; restored: unknown });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(notReady(`exited with code ${code} before it was ready`));
    });
  }).catch(async (err: unknown) => {
    child.kill('SIGKILL');
    process.removeListener('exit', killOnExit);
    await auth.release();
    throw err;
  });
  const waitExit = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    process.removeListener('exit', killOnExit);
    await auth.release();
  };
  const stop = async () => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await waitExit('SIGTERM');
    clearTimeout(timer);
  };
  return {
    url: ready.url,
    wsUrl: ready.url.replace(/^http/, 'ws'),
    pid: child.pid ?? -1,
    token: auth.token,
    tokenFile: auth.tokenFile,
    restored: ready.restored,
    logs: () => tail.lines(),
    stop,
    kill: () => waitExit('SIGKILL'),
    [Symbol.asyncDispose]: stop,
  };
}

/** The platform's `http` config with the stack's HTTPS files and listen address filled in. */
function httpWithStack(stack: Pick<StackInfo, 'tls' | 'listen'>, http: unknown): Record<string, unknown> {
  const h = { ...(http as Record<string, unknown> | undefined) };
  if (stack.tls && h.tls === undefined) h.tls = { certFile: stack.tls.certFile, keyFile: stack.tls.keyFile };
  if (stack.listen && h.host === undefined) h.host = stack.listen;
  return h;
}
