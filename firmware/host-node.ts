/**
 * The host node as a process: `twinbench-node` on a broker, its console on stdin/stdout. For tests
 * (the device contract, the SIL test) and `twinbench firmware run`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { FirmwareDeviceType } from './device-types.ts';
import { FirmwareError, FIRMWARE_ERROR_CODES } from './errors.ts';
import { requireHostNode } from './host-build.ts';

export interface HostNodeOptions {
  mqttUrl: string;
  deviceId: string;
  type: FirmwareDeviceType;
  /** Telemetry interval, s, until the shadow or the console sets one. Default: the type's (10 s / 5 s). */
  intervalS?: number;
  /** Settings file (the host's NVS). Default none: settings live in memory (and across a reboot). */
  statePath?: string;
  /** Broker password (a stack with device auth: devicePassword(secret, deviceId)); passed in the environment, not argv. */
  mqttPassword?: string;
  /** Broker user name. Default: the device id. */
  mqttUser?: string;
  /** The program. Default firmware/build/host/twinbench-node (an error says how to build it). */
  binary?: string;
  /** Extra environment. */
  env?: Record<string, string>;
  /** How long it may take to print its banner, ms. Default 10 000. */
  startTimeoutMs?: number;
}

export interface HostNode {
  readonly pid: number;
  /** Everything it printed so far (console replies and log lines). */
  output(): string;
  /** Resolves with the match once the output (from `fromOffset`, default 0) matches; rejects after timeoutMs. */
  waitForOutput(pattern: RegExp, timeoutMs?: number, fromOffset?: number): Promise<RegExpMatchArray>;
  /** Types a console line (the newline is added). */
  send(line: string): void;
  /** SIGTERM: it says goodbye (status online:false, reason shutdown) and exits; SIGKILL after 5 s. */
  stop(): Promise<void>;
  /** SIGKILL: gone without a goodbye, so the broker publishes its last will. */
  kill(): Promise<void>;
  /** Exit code (null when killed by a signal), once it ended. */
  readonly exited: Promise<number | null>;
}

export const HOST_NODE_DEFAULTS = { startTimeoutMs: 10_000 } as const;

class RunningHostNode implements HostNode {
  readonly exited: Promise<number | null>;
  #out = '';
  #ended = false;
  readonly #listeners = new Set<() => void>();
  readonly child: ChildProcessWithoutNullStreams;

  constructor(child: ChildProcessWithoutNullStreams) {
    this.child = child;
    const take = (chunk: Buffer) => {
      this.#out += chunk.toString('utf8');
      for (const l of this.#listeners) l();
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.stdin.on('error', () => {}); // it may exit with input pending
    this.exited = new Promise((resolve) =>
      child.once('close', (code) => {
        this.#ended = true;
        for (const l of this.#listeners) l();
        resolve(code);
      }),
    );
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  output(): string {
    return this.#out;
  }

  waitForOutput(pattern: RegExp, timeoutMs = 10_000, fromOffset = 0): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = this.#out.slice(fromOffset).match(pattern);
        if (m) return done(() => resolve(m));
        if (this.#ended)
          done(() =>
            reject(
              new FirmwareError(
                FIRMWARE_ERROR_CODES.NODE_EXITED,
                `twinbench-node exited before printing ${pattern}; its output:\n${this.#out.slice(-2000)}`,
              ),
            ),
          );
      };
      const timer = setTimeout(
        () =>
          done(() =>
            reject(
              new FirmwareError(
                FIRMWARE_ERROR_CODES.NODE_TIMEOUT,
                `twinbench-node printed no ${pattern} within ${timeoutMs} ms; its last output:\n${this.#out.slice(-2000)}`,
              ),
            ),
          ),
        timeoutMs,
      );
      const done = (fn: () => void) => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        fn();
      };
      this.#listeners.add(check);
      check();
    });
  }

  send(line: string): void {
    if (!this.#ended) this.child.stdin.write(`${line}\n`);
  }

  async stop(): Promise<void> {
    if (this.#ended) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }

  async kill(): Promise<void> {
    if (this.#ended) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Starts the host node and waits for its boot banner (so a bad argument fails here, with its message). */
export async function startHostNode(options: HostNodeOptions): Promise<HostNode> {
  const binary = options.binary ?? requireHostNode();
  const args = ['--mqtt', options.mqttUrl, '--id', options.deviceId, '--type', options.type];
  if (options.intervalS !== undefined) args.push('--interval', String(options.intervalS));
  if (options.statePath) args.push('--state', options.statePath);
  const child = spawn(binary, args, {
    env: {
      ...process.env,
      ...(options.mqttPassword ? { TB_NODE_MQTT_PASSWORD: options.mqttPassword } : {}),
      ...(options.mqttUser ? { TB_NODE_MQTT_USER: options.mqttUser } : {}),
      ...options.env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const node = new RunningHostNode(child);
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', (e) =>
      reject(
        new FirmwareError(FIRMWARE_ERROR_CODES.NODE_EXITED, `cannot start ${binary}: ${e.message}`, {
          cause: e,
        }),
      ),
    );
  });
  await spawned;
  try {
    await node.waitForOutput(
      /twinbench: twinbench-node \S+ \S+ id=/,
      options.startTimeoutMs ?? HOST_NODE_DEFAULTS.startTimeoutMs,
    );
  } catch (e) {
    await node.kill();
    throw e;
  }
  return node;
}
