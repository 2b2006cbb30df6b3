import { devicePassword } from '../../runtime/index.ts';
import type { ReconnectBackoff, SimLogger } from '../device/device-context.ts';
import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';
import type { FleetShare } from '../workers/share.ts';
import type { ClockSetting } from './clock.ts';
import type { FleetStats } from './stats.ts';

export interface FleetOptions {
  /** Broker URL, mqtt://host:port (credentials may be in the URL or below). */
  mqttUrl: string;
  username?: string;
  password?: string;
  /**
   * Per-device credentials: each device logs in as its id with runtime's `devicePassword(secret, id)`
   * (a stack started with device auth hands this out as `info.mqtt.deviceSecret`). Overrides
   * username/password for the devices. Default: every device uses username/password.
   */
  deviceSecret?: string;
  /** 'real' (default) or `{ speed }`: virtual time runs speed × real time; 0 = paused, only advance() moves it. */
  clock?: ClockSetting;
  /** Virtual start time, ms epoch. Default: now. */
  startMs?: number;
  /** Called every `progressIntervalMs` (and once when all devices are up) with the fleet's stats. */
  onProgress?(s: FleetStats): void;
  /** Real ms between onProgress calls. Default 1000. */
  progressIntervalMs?: number;
  /** pino-like logger. Default: silent. */
  logger?: SimLogger;
  /** Reconnect backoff (real ms). Default { initialMs: 1000, maxMs: 30 000 }. */
  reconnectBackoff?: Partial<ReconnectBackoff>;
  /** QoS 1 publishes in flight per device before they queue. Default 32. */
  inflightWindow?: number;
  /** CONNECT → CONNACK timeout, real ms. Default 10 000. */
  connectTimeoutMs?: number;
  /** Connections being opened at once during the ramp (on top of rampUpPerSecond). Default 256. */
  maxConcurrentConnects?: number;
  /**
   * Local addresses to spread connections over (one address gives at most ~64 K connections to one
   * broker port; loopback has all of 127.0.0.0/8). Default: the system's choice.
   */
  localAddresses?: string[];
  /**
   * Run only this worker's share of the fleet (device i when i mod count = index; docs/simulator.md
   * "Workers"): same ids and seeded streams as the whole fleet, ramp rate divided by count. Default: all.
   */
  share?: FleetShare;
}

export const FLEET_DEFAULTS = {
  progressIntervalMs: 1000,
  reconnectBackoff: { initialMs: 1000, maxMs: 30_000 },
  inflightWindow: 32,
  maxQueued: 10_000,
  connectTimeoutMs: 10_000,
  maxConcurrentConnects: 256,
} as const;

export interface BrokerAddress {
  host: string;
  port: number;
  username?: string | undefined;
  password?: string | undefined;
  /** See FleetOptions.deviceSecret. */
  deviceSecret?: string | undefined;
}

/** mqtt://[user:pass@]host[:1883] → host, port, credentials (options win over the URL). */
export function parseBrokerUrl(
  o: Pick<FleetOptions, 'mqttUrl' | 'username' | 'password' | 'deviceSecret'>,
): BrokerAddress {
  let url: URL;
  try {
    url = new URL(o.mqttUrl);
  } catch (cause) {
    throw new SimulatorError(
      SIMULATOR_ERROR_CODES.BAD_OPTIONS,
      `mqttUrl ${JSON.stringify(o.mqttUrl)} is not a URL; use mqtt://host:1883`,
      { cause },
    );
  }
  if (url.protocol !== 'mqtt:' && url.protocol !== 'tcp:') {
    throw new SimulatorError(
      SIMULATOR_ERROR_CODES.BAD_OPTIONS,
      `mqttUrl ${o.mqttUrl}: the simulator speaks plain MQTT over TCP (mqtt://host:port); ${url.protocol} is not supported — use the broker's plain listener`,
    );
  }
  const username = o.username ?? (url.username ? decodeURIComponent(url.username) : undefined);
  const password = o.password ?? (url.password ? decodeURIComponent(url.password) : undefined);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 1883,
    username,
    password,
    ...(o.deviceSecret ? { deviceSecret: o.deviceSecret } : {}),
  };
}

/** The user name and password device `id` logs in with. */
export function deviceLogin(
  b: BrokerAddress,
  id: string,
): { username: string | undefined; password: string | undefined } {
  if (b.deviceSecret) return { username: id, password: devicePassword(b.deviceSecret, id) };
  return { username: b.username, password: b.password };
}
