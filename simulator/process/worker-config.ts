/**
 * The simulator process's configuration: from a JSON argument, or from environment variables (the
 * container convention). Pure, so its errors are unit-tested.
 */
import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';
import { checkShare, type FleetShare } from '../workers/share.ts';

export interface WorkerConfig {
  /** Broker URL, mqtt://host:port. */
  mqttUrl: string;
  username?: string;
  password?: string;
  /** Per-device credentials (FleetOptions.deviceSecret); env TWINBENCH_DEVICE_SECRET. */
  deviceSecret?: string;
  /** Path of a fleet spec (YAML or JSON), or the spec itself as JSON text. */
  fleet: { file: string } | { json: string };
  /** Overrides the spec's seed. */
  seed?: number;
  /** Virtual start time, ms epoch (same seed + start = same messages). */
  startMs?: number;
  /** Virtual time speed; 1 = real time. */
  speed?: number;
  /** HTTP port of /health and /stats on 127.0.0.1 (0 = none). Default 8090. */
  httpPort: number;
  /** Host the health endpoint binds (a container binds 0.0.0.0). Default 127.0.0.1. */
  httpHost: string;
  /** Real ms between stats lines on stdout. Default 10 000. */
  statsIntervalMs: number;
  /** Run only this share of the fleet (docs/simulator.md "Workers"). Default: the whole fleet. */
  share?: FleetShare;
  /** Local addresses the devices' connections bind (e.g. 127.0.0.2). Default: the system's choice. */
  localAddresses?: string[];
}

export const WORKER_DEFAULTS = { httpPort: 8090, httpHost: '127.0.0.1', statsIntervalMs: 10_000 } as const;

const ENV_HELP =
  'Set TWINBENCH_MQTT_URL (mqtt://host:port) and TWINBENCH_FLEET_FILE (a fleet spec) or TWINBENCH_FLEET (the spec as JSON); optional TWINBENCH_SEED, TWINBENCH_START (ms epoch or ISO 8601), TWINBENCH_SPEED, TWINBENCH_WORKER_INDEX and TWINBENCH_WORKER_COUNT (this process runs share INDEX of COUNT), TWINBENCH_LOCAL_ADDRESSES (comma-separated source addresses), TWINBENCH_MQTT_USERNAME/PASSWORD, TWINBENCH_DEVICE_SECRET (per-device passwords), TWINBENCH_SIM_HTTP_PORT, TWINBENCH_SIM_HTTP_HOST, TWINBENCH_STATS_INTERVAL_MS.';

function bad(what: string): never {
  throw new SimulatorError(SIMULATOR_ERROR_CODES.BAD_OPTIONS, `${what}. ${ENV_HELP}`);
}

function num(name: string, raw: string | undefined, check: (n: number) => boolean): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) bad(`${name}=${JSON.stringify(raw)} is not valid`);
  return n;
}

function time(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(n))
    bad(`${name}=${JSON.stringify(raw)} is neither ms since the epoch nor an ISO 8601 time`);
  return n;
}

/** Reads the configuration from environment variables. */
export function workerConfigFromEnv(env: Record<string, string | undefined>): WorkerConfig {
  const mqttUrl = env.TWINBENCH_MQTT_URL;
  if (!mqttUrl) bad('TWINBENCH_MQTT_URL is not set');
  if (!/^mqtts?:\/\/[^/]+/.test(mqttUrl))
    bad(`TWINBENCH_MQTT_URL=${JSON.stringify(mqttUrl)} is not an mqtt:// URL`);
  const fleet = env.TWINBENCH_FLEET_FILE
    ? { file: env.TWINBENCH_FLEET_FILE }
    : env.TWINBENCH_FLEET
      ? { json: env.TWINBENCH_FLEET }
      : bad('no fleet: neither TWINBENCH_FLEET_FILE nor TWINBENCH_FLEET is set');
  const seed = num('TWINBENCH_SEED', env.TWINBENCH_SEED, Number.isInteger);
  const startMs = time('TWINBENCH_START', env.TWINBENCH_START);
  const speed = num('TWINBENCH_SPEED', env.TWINBENCH_SPEED, (n) => n >= 0);
  const index = num('TWINBENCH_WORKER_INDEX', env.TWINBENCH_WORKER_INDEX, Number.isSafeInteger);
  const count = num('TWINBENCH_WORKER_COUNT', env.TWINBENCH_WORKER_COUNT, Number.isSafeInteger);
  if ((index === undefined) !== (count === undefined))
    bad('TWINBENCH_WORKER_INDEX and TWINBENCH_WORKER_COUNT go together: set both or neither');
  let share: FleetShare | undefined;
  if (index !== undefined && count !== undefined) {
    try {
      share = checkShare({ index, count });
    } catch (err) {
      bad((err as Error).message);
    }
  }
  const localAddresses = env.TWINBENCH_LOCAL_ADDRESSES?.split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  return {
    mqttUrl,
    ...(env.TWINBENCH_MQTT_USERNAME ? { username: env.TWINBENCH_MQTT_USERNAME } : {}),
    ...(env.TWINBENCH_MQTT_PASSWORD ? { password: env.TWINBENCH_MQTT_PASSWORD } : {}),
    ...(env.TWINBENCH_DEVICE_SECRET ? { deviceSecret: env.TWINBENCH_DEVICE_SECRET } : {}),
    fleet,
    ...(seed !== undefined ? { seed } : {}),
    ...(startMs !== undefined ? { startMs } : {}),
    ...(speed !== undefined ? { speed } : {}),
    ...(share ? { share } : {}),
    ...(localAddresses?.length ? { localAddresses } : {}),
    httpPort:
      num(
        'TWINBENCH_SIM_HTTP_PORT',
        env.TWINBENCH_SIM_HTTP_PORT,
        (n) => Number.isInteger(n) && n >= 0 && n < 65_536,
      ) ?? WORKER_DEFAULTS.httpPort,
    httpHost: env.TWINBENCH_SIM_HTTP_HOST || WORKER_DEFAULTS.httpHost,
    statsIntervalMs:
      num('TWINBENCH_STATS_INTERVAL_MS', env.TWINBENCH_STATS_INTERVAL_MS, (n) => n >= 100) ??
      WORKER_DEFAULTS.statsIntervalMs,
  };
}
