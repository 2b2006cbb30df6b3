import { startPlatformProcess, type StackInfo, type StartedPlatform } from '../../stack/index.ts';
import { customDeviceTypes } from '../../twin/index.ts';
import { SCENARIOS_ERROR_CODES, ScenarioError } from '../errors.ts';

export interface PlatformProcessOptions {
  stack: Pick<StackInfo, 'mqttUrl' | 'mqtt' | 'influx'>;
  /** The scenario's own InfluxDB database. */
  database: string;
  /** Platform config beyond mqtt/influx (scenario `platform.config`). */
  config: Record<string, unknown>;
  startupTimeoutMs?: number;
  /** Called after every (re)start with the new URLs. */
  onStart?: (p: StartedPlatform) => void;
}

const MAX_LOG_LINES = 400;

/** The scenario's platform process: started, stopped, killed and started again on the same database. */
export class PlatformProcess {
  readonly #o: PlatformProcessOptions;
  #current: StartedPlatform | undefined;
  #lastUrl = 'http://127.0.0.1:0';
  #earlierLogs: string[] = [];

  constructor(o: PlatformProcessOptions) {
    this.#o = o;
  }

  get url(): string {
    return this.#current?.url ?? this.#lastUrl;
  }

  /** The running platform's admin token (a new one at each start); undefined with auth off. */
  get token(): string | undefined {
    return this.#current?.token;
  }

  get running(): boolean {
    return this.#current !== undefined;
  }

  async start(): Promise<void> {
    if (this.#current) return;
    const stack = { ...this.#o.stack, influx: { ...this.#o.stack.influx, db: this.#o.database } };
    try {
      this.#current = await startPlatformProcess(stack, {
        config: {
          logLevel: 'warn',
          // Types registered in this process (a scenario's deviceTypes:, run --device-types), inline.
          ...(customDeviceTypes().length > 0
            ? { deviceTypes: customDeviceTypes().map((d) => d.document) }
            : {}),
          ...this.#o.config,
        },
        logLines: MAX_LOG_LINES,
        ...(this.#o.startupTimeoutMs ? { startupTimeoutMs: this.#o.startupTimeoutMs } : {}),
      });
    } catch (err) {
      throw new ScenarioError(
        SCENARIOS_ERROR_CODES.PLATFORM_START,
        `the scenario's platform did not start: ${(err as Error).message}`,
        { cause: err },
      );
    }
    this.#lastUrl = this.#current.url;
    this.#o.onStart?.(this.#current);
  }

  async stop(how: 'stop' | 'kill' = 'stop'): Promise<void> {
    const p = this.#current;
    if (!p) return;
    this.#current = undefined;
    await (how === 'kill' ? p.kill() : p.stop());
    this.#earlierLogs.push(...p.logs(), `--- platform ${how === 'kill' ? 'killed' : 'stopped'} ---`);
    this.#earlierLogs = this.#earlierLogs.slice(-MAX_LOG_LINES);
  }

  /** Log lines of every run of the platform in this scenario, oldest first. */
  logs(): string[] {
    return [...this.#earlierLogs, ...(this.#current?.logs() ?? [])].slice(-MAX_LOG_LINES);
  }
}
