/**
 * The engine's settings: `config.engines.twinbench` in the script (artillery hands each engine its own
 * block), every field optional with a documented default; the broker may also come from the environment
 * (`twinbench load` sets it). Checked once, when the engine is built, with messages that name the key.
 */
import {
  DEVICE_TYPES,
  isBuiltinProfileName,
  isDeviceType,
  tryParseDuration,
  type BuiltinProfileName,
  type DeviceType,
} from '../../twin/index.ts';
import { LOAD_ERROR_CODES, LoadError } from '../errors.ts';

export interface EngineSettings {
  /** Broker of the devices, `mqtt://host:port`. Default: env TWINBENCH_MQTT_URL. Required one way or the other. */
  mqttUrl: string;
  /** Seed of identities and readings. Default 1. */
  seed: number;
  /** Device ids start with this, then the worker: `ld-t1-env-00001`. Default env TWINBENCH_LOAD_PREFIX, else `ld`. */
  idPrefix: string;
  /** Site in the devices' locations. Default `load-site`. */
  site: string;
  /** Topic profile of the devices. Default `twinbench`. */
  profile: BuiltinProfileName;
  /** Type `connect` uses when the step names none. Default `env_sensor`. */
  deviceType: DeviceType;
  /** MQTT keepalive, s. Default 60. */
  keepaliveS: number;
  /** Device's delay before answering a command, ms. Default 20. */
  commandLatencyMs: number;
  /** Share of commands the devices fail on purpose. Default 0. */
  commandFailureRate: number;
  /** QoS of telemetry. Default 1. */
  telemetryQos: 0 | 1;
  /** Longest wait of `setDesired`, `command`, `expectTwin` and acks at a clean disconnect, ms. Default 10 000. */
  timeoutMs: number;
  /** Watch the platform's stream for publish → twin latency and command results. Default true. */
  stream: boolean;
  /**
   * Device auth: each device logs in as its id with runtime's devicePassword(secret, id). From env
   * TWINBENCH_DEVICE_SECRET only (a secret has no place in a script). Default: none (the URL's login).
   */
  deviceSecret?: string;
  /** Where device ids are registered before they connect (env TWINBENCH_LOAD_REGISTER, set by `twinbench load`). */
  registerUrl?: string;
}

export const ENGINE_DEFAULTS: Omit<EngineSettings, 'mqttUrl'> = {
  seed: 1,
  idPrefix: 'ld',
  site: 'load-site',
  profile: 'twinbench',
  deviceType: 'env_sensor',
  keepaliveS: 60,
  commandLatencyMs: 20,
  commandFailureRate: 0,
  telemetryQos: 1,
  timeoutMs: 10_000,
  stream: true,
};

const KEYS = new Set([...Object.keys(ENGINE_DEFAULTS), 'mqttUrl', 'timeout']);

function bad(message: string): LoadError {
  return new LoadError(LOAD_ERROR_CODES.BAD_SCRIPT, `config.engines.twinbench: ${message}`);
}

/** Reads `config.engines.twinbench` (may be absent) with the environment; throws LoadError BAD_SCRIPT. */
export function readSettings(block: unknown, env: NodeJS.ProcessEnv = process.env): EngineSettings {
  const o = (block ?? {}) as Record<string, unknown>;
  if (typeof o !== 'object' || Array.isArray(o)) throw bad('must be a map of settings');
  for (const k of Object.keys(o)) {
    if (!KEYS.has(k)) throw bad(`unknown key '${k}'; allowed: ${[...KEYS].join(', ')}`);
  }
  const mqttUrl = (o.mqttUrl as string | undefined) || env.TWINBENCH_MQTT_URL;
  if (!mqttUrl) {
    throw new LoadError(
      LOAD_ERROR_CODES.NO_BROKER,
      'No MQTT broker for the devices: set config.engines.twinbench.mqttUrl (mqtt://host:port) or TWINBENCH_MQTT_URL, or run the script with `twinbench load`, which sets it.',
    );
  }
  const s: EngineSettings = {
    ...ENGINE_DEFAULTS,
    ...(env.TWINBENCH_LOAD_PREFIX ? { idPrefix: env.TWINBENCH_LOAD_PREFIX } : {}),
    ...(o as Partial<EngineSettings>),
    mqttUrl,
    ...(env.TWINBENCH_DEVICE_SECRET ? { deviceSecret: env.TWINBENCH_DEVICE_SECRET } : {}),
    ...(env.TWINBENCH_LOAD_REGISTER ? { registerUrl: env.TWINBENCH_LOAD_REGISTER } : {}),
  };
  if (o.timeout !== undefined) {
    const ms = tryParseDuration(o.timeout);
    if (ms === undefined) throw bad(`timeout ${JSON.stringify(o.timeout)} is not a duration (10s, 500ms …)`);
    s.timeoutMs = ms;
  }
  if (!isDeviceType(s.deviceType)) {
    throw bad(
      `deviceType '${String(s.deviceType)}' is not a device type; use one of ${DEVICE_TYPES.join(', ')}`,
    );
  }
  if (!isBuiltinProfileName(s.profile)) throw bad(`profile '${String(s.profile)}' is not a builtin profile`);
  if (!/^[A-Za-z0-9_.-]{1,40}$/.test(s.idPrefix)) {
    throw bad(`idPrefix '${s.idPrefix}' must be 1-40 of A-Z a-z 0-9 _ . -`);
  }
  for (const k of ['seed', 'keepaliveS', 'commandLatencyMs', 'timeoutMs'] as const) {
    if (typeof s[k] !== 'number' || !Number.isFinite(s[k]) || s[k] < 0)
      throw bad(`${k} must be a number >= 0`);
  }
  if (!(s.commandFailureRate >= 0 && s.commandFailureRate <= 1)) throw bad('commandFailureRate must be 0..1');
  if (s.telemetryQos !== 0 && s.telemetryQos !== 1) throw bad('telemetryQos must be 0 or 1');
  return s;
}

/**
 * The worker part of device ids, so workers never share one: artillery's worker thread
 * (LOCAL_WORKER_ID) and the process slot of `twinbench load --workers` (TWINBENCH_LOAD_WORKER).
 */
export function workerTag(env: NodeJS.ProcessEnv = process.env): string {
  const p = env.TWINBENCH_LOAD_WORKER;
  const t = env.LOCAL_WORKER_ID ?? '0';
  return p !== undefined ? `p${p}t${t}` : `t${t}`;
}
