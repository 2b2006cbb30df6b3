/**
 * A simulator fleet as a Testcontainers module (`twinbench/simulator`): one fleet worker per container,
 * configured by environment, reporting its stats on HTTP.
 *
 *   await using sim = await new SimulatorContainer().withStack(stack).withFleet(spec).withSeed(7).start();
 */
import type { TopicProfileSpec } from '../../twin/index.ts';
import type { StackInfo } from '../info.ts';
import { freePort } from '../ports.ts';
import {
  APP_IMAGES,
  resolveNetwork,
  startAppContainer,
  StartedAppContainer,
  type StartedApp,
  urlFromContainer,
  type AppNetwork,
} from './app-containers.ts';

const CONTAINER_PORT = 8090;

/** The fleet's stats, as the worker's /stats answers (see the simulator's FleetStats). */
export interface SimulatorStats {
  devices: number;
  connected: number;
  published: number;
  telemetry: number;
  errors: number;
  reconnects: number;
  [key: string]: unknown;
}

export class SimulatorContainer {
  #image: string;
  #mqttUrl: string | undefined;
  #credentials: { username?: string; password?: string; deviceSecret?: string } = {};
  #fleet: Record<string, unknown> | undefined;
  #seed: number | undefined;
  #startMs: number | undefined;
  #speed: number | undefined;
  #network: AppNetwork | 'auto' = 'auto';
  #label = 'simulator';

  /** @param image default `twinbench/simulator:latest` (built by `npm run images:local`). */
  constructor(image: string = APP_IMAGES.simulator) {
    this.#image = image;
  }

  withStack(stack: Pick<StackInfo, 'mqttUrl' | 'mqtt'>): this {
    return this.withBroker(stack.mqttUrl, {
      ...(stack.mqtt.username ? { username: stack.mqtt.username } : {}),
      ...(stack.mqtt.password ? { password: stack.mqtt.password } : {}),
      // Device auth: each device logs in as itself (the stack's own login is the platform's identity).
      ...(stack.mqtt.deviceSecret ? { deviceSecret: stack.mqtt.deviceSecret } : {}),
    });
  }

  withBroker(
    mqttUrl: string,
    credentials: { username?: string; password?: string; deviceSecret?: string } = {},
  ): this {
    this.#mqttUrl = mqttUrl;
    this.#credentials = credentials;
    return this;
  }

  /** A fleet spec object (docs/simulator.md); it is checked by the simulator at start. */
  withFleet(spec: Record<string, unknown>): this {
    this.#fleet = spec;
    return this;
  }

  /** Overrides the spec's seed: same seed + same start time = same messages. */
  withSeed(seed: number): this {
    this.#seed = seed;
    return this;
  }

  /** Virtual start time, ms epoch. */
  withStartTime(ms: number): this {
    this.#startMs = ms;
    return this;
  }

  withSpeed(speed: number): this {
    this.#speed = speed;
    return this;
  }

  withTopicProfile(profile: string | TopicProfileSpec): this {
    this.#fleet = { ...(this.#fleet ?? {}), profile };
    return this;
  }

  withNetwork(network: AppNetwork | 'auto'): this {
    this.#network = network;
    return this;
  }

  withLabel(label: string): this {
    this.#label = label;
    return this;
  }

  async start(): Promise<StartedSimulatorContainer> {
    if (!this.#mqttUrl)
      throw new Error('SimulatorContainer needs a broker: call withStack(stack) or withBroker(url).');
    if (!this.#fleet) throw new Error('SimulatorContainer needs a fleet: call withFleet(spec).');
    const network = await resolveNetwork(this.#network);
    const port = network === 'host' ? await freePort() : CONTAINER_PORT;
    const env: Record<string, string> = {
      TWINBENCH_MQTT_URL: urlFromContainer(this.#mqttUrl, network),
      TWINBENCH_FLEET: JSON.stringify(this.#fleet),
      TWINBENCH_SIM_HTTP_PORT: String(port),
      TWINBENCH_SIM_HTTP_HOST: network === 'host' ? '127.0.0.1' : '0.0.0.0',
      ...(this.#credentials.username ? { TWINBENCH_MQTT_USERNAME: this.#credentials.username } : {}),
      ...(this.#credentials.password ? { TWINBENCH_MQTT_PASSWORD: this.#credentials.password } : {}),
      ...(this.#credentials.deviceSecret ? { TWINBENCH_DEVICE_SECRET: this.#credentials.deviceSecret } : {}),
      ...(this.#seed !== undefined ? { TWINBENCH_SEED: String(this.#seed) } : {}),
      ...(this.#startMs !== undefined ? { TWINBENCH_START: String(this.#startMs) } : {}),
      ...(this.#speed !== undefined ? { TWINBENCH_SPEED: String(this.#speed) } : {}),
    };
    const app = await startAppContainer({
      image: this.#image,
      network,
      port,
      env,
      ready: /"event":"ready"/,
      startupTimeoutMs: 60_000,
      label: this.#label,
    });
    return new StartedSimulatorContainer(app);
  }
}

/** A running fleet worker; `stop()` disconnects its devices cleanly (status offline) and removes it. */
export class StartedSimulatorContainer extends StartedAppContainer {
  readonly #url: string;

  constructor(app: StartedApp) {
    super(app);
    this.#url = `http://${app.host}:${app.port}`;
  }

  async stats(): Promise<SimulatorStats> {
    const res = await fetch(`${this.#url}/stats`);
    return (await res.json()) as SimulatorStats;
  }
}
