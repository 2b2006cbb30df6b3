/** The fleet spec: what a fleet is made of (YAML or a TS object), and its schema. */
import Type from 'typebox';
import {
  DEVICE_TYPE_NAME_PATTERN,
  DEVICE_TYPE_SHORT,
  DEVICE_TYPES,
  TopicProfileSpecSchema,
  type DeviceType,
  type TopicProfileSpec,
} from '../../twin/index.ts';
import { GatewaySpecSchema, type GatewaySpec } from '../gateway/spec.ts';
import { DeviceSelectorSchema, type DeviceSelector, type Fault } from './fault-types.ts';

export interface FleetSpec {
  name?: string;
  /** Seed of every identity, value and event. Default 1. */
  seed?: number;
  /** Topic profile: 'twinbench' (default), 'iot-node', 'devices-mac', or a profile spec of your own. */
  profile?: string | TopicProfileSpec;
  /** New connections per second at start. Default 1000. */
  rampUpPerSecond?: number;
  /** Site name in identities and locations. Default 'demo-site'. */
  site?: string;
  /** MQTT keepalive of every device, s. Default 60. */
  keepaliveSeconds?: number;
  /** QoS of telemetry publishes (events, status, shadow and command responses are always QoS 1). Default 1. */
  telemetryQos?: 0 | 1;
  groups: FleetGroup[];
  /** Gateways, each with its children behind one MQTT connection (docs/gateways.md). */
  gateways?: GatewaySpec[];
  /** Faults the fleet injects on its own, on the fleet clock (for demos and unattended runs). */
  faults?: ScheduledFault[];
  /**
   * Device types of your own the groups use (docs/device-types.md): device-type files (paths relative
   * to the spec file) or their documents inline. A loaded spec holds documents only, so a worker process
   * or a container gets the types with the spec.
   */
  deviceTypes?: (string | Record<string, unknown>)[];
}

export interface FleetGroup {
  /** A built-in type, or one loaded from a device-type file (`--device-types`, docs/device-types.md). */
  type: string;
  count: number;
  /** Group name, also the device tag `group`. Default: the type. */
  name?: string;
  /** '{n}' / '{n:04}' (n from 1, counting on across groups with the same pattern) or '{mac}'. Default '<short>-{n:04}'. */
  idPattern?: string;
  /** Overrides the model's publish interval, ms. */
  publishIntervalMs?: number;
  /** Model options (ratedCurrentA, curve, nominalVoltage, …), see simulator/models. */
  options?: Record<string, unknown>;
  tags?: Record<string, string>;
  /** Delay between `delivered` and the final command response, real ms. Default 20. */
  commandLatencyMs?: number;
  /** Fraction of commands that fail, 0..1. Default 0. */
  commandFailureRate?: number;
}

export interface ScheduledFault {
  /** When, ms after the fleet started (fleet clock). Default 0. */
  atMs?: number;
  /** Cleared after this long (fleet clock); default: lasts until the fleet stops. */
  durationMs?: number;
  select?: DeviceSelector;
  fault: Fault;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_RAMP_UP_PER_SECOND = 1000;
export const DEFAULT_SITE = 'demo-site';
export const DEFAULT_KEEPALIVE_SECONDS = 60;
export const DEFAULT_COMMAND_LATENCY_MS = 20;

export const FleetGroupSchema = Type.Object(
  {
    type: Type.String({
      pattern: DEVICE_TYPE_NAME_PATTERN,
      description: `${DEVICE_TYPES.join(' | ')}, or a type loaded from a device-type file`,
    }),
    count: Type.Integer({ minimum: 1, maximum: 200_000 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    idPattern: Type.Optional(Type.String({ minLength: 1, description: "e.g. 'brk-{n:04}' or '{mac}'" })),
    publishIntervalMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 86_400_000 })),
    options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    tags: Type.Optional(Type.Record(Type.String(), Type.String())),
    commandLatencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
    commandFailureRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  },
  { additionalProperties: false },
);

export const ScheduledFaultSchema = Type.Object(
  {
    atMs: Type.Optional(Type.Integer({ minimum: 0 })),
    durationMs: Type.Optional(Type.Integer({ minimum: 1 })),
    select: Type.Optional(DeviceSelectorSchema),
    fault: Type.Object({ kind: Type.String() }, { description: 'a fault, e.g. { kind: partition }' }),
  },
  { additionalProperties: false },
);

export const FleetSpecSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1 })),
    seed: Type.Optional(Type.Integer()),
    profile: Type.Optional(Type.Union([Type.String({ minLength: 1 }), TopicProfileSpecSchema])),
    rampUpPerSecond: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100_000 })),
    site: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    keepaliveSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 65_535 })),
    telemetryQos: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)])),
    groups: Type.Array(FleetGroupSchema),
    gateways: Type.Optional(Type.Array(GatewaySpecSchema)),
    faults: Type.Optional(Type.Array(ScheduledFaultSchema)),
    deviceTypes: Type.Optional(
      Type.Array(
        Type.Union([
          Type.String({ minLength: 1, description: 'a device-type file (or folder), relative to the spec' }),
          Type.Object({}, { description: 'a device-type document inline' }),
        ]),
      ),
    ),
  },
  { additionalProperties: false },
);

/** Short type names for default id patterns. */
export const TYPE_SHORT: Readonly<Record<DeviceType, string>> = DEVICE_TYPE_SHORT;
