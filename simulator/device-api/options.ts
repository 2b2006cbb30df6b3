/** Options of one device driven step by step (a load-test virtual user), with their defaults. */
import type { BuiltinProfileName, DeviceType, TopicProfileSpec } from '../../twin/index.ts';
import type { LeanClientContext } from '../mqtt/client-types.ts';

export interface DeviceApiOptions {
  /** Broker, `mqtt://host:port` (credentials in the URL). Required. */
  mqttUrl: string;
  /** Per-device credentials: log in as the device id with devicePassword(secret, id). Default: the URL's. */
  deviceSecret?: string;
  /** Device type (a model of simulator/models). Required. */
  type: DeviceType;
  /** Which device of the load this is (0-based): its identity and seed follow from it. Required. */
  index: number;
  /** Seed of identities and readings. Default 1 (the fleet spec's default). */
  seed?: number;
  /** Id prefix: ids are `<prefix>-<short type>-<index+1, 5 digits>`, e.g. `ld-env-00001`. Default `ld`. */
  idPrefix?: string;
  /** Site name in the device's location. Default `load-site`. */
  site?: string;
  /** Topic profile: a builtin name or a profile spec. Default `twinbench`. */
  profile?: BuiltinProfileName | TopicProfileSpec;
  /** Tags announced in the birth message (added to `group: load`). Default none. */
  tags?: Record<string, string>;
  /** Model options by type (see simulator/models/README.md). Default none. */
  modelOptions?: Record<string, unknown>;
  /** MQTT keepalive, s. Default 60. */
  keepaliveS?: number;
  /** Real ms between `delivered` and the final command response. Default 20. */
  commandLatencyMs?: number;
  /** Share of commands answered `failed` on purpose (seeded). Default 0. */
  commandFailureRate?: number;
  /** QoS of telemetry. Default 1 (acknowledged, counted). */
  telemetryQos?: 0 | 1;
  /** Shared limits and counters of the connections of one process. Default: one context per process. */
  client?: LeanClientContext;
}

export const DEVICE_API_DEFAULTS = {
  seed: 1,
  idPrefix: 'ld',
  site: 'load-site',
  profile: 'twinbench',
  keepaliveS: 60,
  commandLatencyMs: 20,
  commandFailureRate: 0,
  telemetryQos: 1,
} as const satisfies Partial<DeviceApiOptions>;
