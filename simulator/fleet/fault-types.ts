/** The faults a fleet can inject (docs/simulator-contract.md) and their schemas. */
import Type, { type TSchema } from 'typebox';
import { DeviceSelectorSchema, type DeviceSelector, type DeviceType } from '../../twin/index.ts';

export { DeviceSelectorSchema, type DeviceSelector };

export type Fault =
  | { kind: 'disconnect'; clean?: boolean; durationMs?: number }
  | { kind: 'reconnect_storm' }
  | { kind: 'partition'; durationMs?: number }
  | { kind: 'drop_publishes'; rate: number }
  | { kind: 'latency'; ms: number }
  | { kind: 'clock_skew'; ms: number }
  | { kind: 'stuck'; field: string }
  | { kind: 'drift'; field: string; perHour: number }
  | { kind: 'spike'; field: string; factor: number }
  | { kind: 'malformed'; rate?: number }
  | { kind: 'flood'; ratePerSecond: number; durationMs?: number }
  | { kind: 'battery_depletion'; percent?: number }
  | { kind: 'reboot' }
  | { kind: 'firmware'; version: string }
  | { kind: 'overload'; amps: number }
  | { kind: 'ground_fault'; mA?: number }
  | { kind: 'arc_fault' }
  | { kind: 'motion' }
  | { kind: 'radio_loss'; rate: number }
  | { kind: 'radio_latency'; ms: number }
  | { kind: 'duty_cycle'; percent: number; airtimeMs?: number }
  | { kind: 'mesh_drop'; durationMs?: number };

export type FaultKind = Fault['kind'];

const Ms = (description: string) => Type.Integer({ minimum: 0, description: `${description}, ms` });
const Rate = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });
const Field = Type.String({ minLength: 1, description: 'telemetry field name, e.g. temperature' });

/** Each kind's own properties (besides `kind`). */
export const FAULT_SCHEMAS: Readonly<Record<FaultKind, Record<string, TSchema>>> = {
  disconnect: {
    clean: Type.Optional(
      Type.Boolean({ description: 'true: DISCONNECT, false (default): drop the socket, the will fires' }),
    ),
    durationMs: Type.Optional(Ms('reconnect after this long on the fleet clock (default: on clear())')),
  },
  reconnect_storm: {},
  partition: {
    durationMs: Type.Optional(Ms('heal after this long on the fleet clock (default: on clear())')),
  },
  drop_publishes: { rate: Rate('fraction of publishes lost, 0..1') },
  latency: {
    ms: Type.Integer({ minimum: 0, maximum: 600_000, description: 'added to every publish, real ms' }),
  },
  clock_skew: { ms: Type.Integer({ description: 'added to ts/sent in payloads, ms (negative: behind)' }) },
  stuck: { field: Field },
  drift: {
    field: Field,
    perHour: Type.Number({ description: 'offset growth per virtual hour, field unit' }),
  },
  spike: { field: Field, factor: Type.Number({ description: 'multiplies the next reading' }) },
  malformed: { rate: Type.Optional(Rate('fraction of telemetry payloads broken, 0..1 (default 1)')) },
  flood: {
    ratePerSecond: Type.Number({
      exclusiveMinimum: 0,
      maximum: 100_000,
      description: 'extra telemetry per device per real second',
    }),
    durationMs: Type.Optional(Ms('stop after this long on the fleet clock (default: on clear())')),
  },
  battery_depletion: {
    percent: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'charge removed, % (default 100)' }),
    ),
  },
  reboot: {},
  firmware: { version: Type.String({ minLength: 1, maxLength: 64 }) },
  overload: { amps: Type.Number({ minimum: 0, description: 'current on every phase, A' }) },
  ground_fault: {
    mA: Type.Optional(
      Type.Number({ minimum: 0, description: 'leakage, mA (default 100: trips a 30 mA RCD)' }),
    ),
  },
  arc_fault: {},
  motion: {},
  // Radio faults: children behind a gateway only (docs/gateways.md).
  radio_loss: { rate: Rate('fraction of the child’s radio messages lost, 0..1') },
  radio_latency: {
    ms: Type.Integer({ minimum: 0, maximum: 600_000, description: 'radio latency child ↔ gateway, real ms' }),
  },
  duty_cycle: {
    percent: Type.Number({
      exclusiveMinimum: 0,
      maximum: 100,
      description: 'airtime limit, % (LoRa EU868: 1)',
    }),
    airtimeMs: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 10_000,
        description: 'airtime of one message, ms (default 50)',
      }),
    ),
  },
  mesh_drop: {
    durationMs: Type.Optional(Ms('rejoin after this long on the fleet clock (default: on clear())')),
  },
};

/** Faults of the radio between a child and its gateway: they apply to children only. */
export const RADIO_FAULT_KINDS: ReadonlySet<FaultKind> = new Set([
  'radio_loss',
  'radio_latency',
  'duty_cycle',
  'mesh_drop',
]);

export const FAULT_KINDS = Object.keys(FAULT_SCHEMAS) as FaultKind[];

/** Device types each fault applies to (undefined: every type). */
export const FAULT_DEVICE_TYPES: Readonly<Partial<Record<FaultKind, readonly DeviceType[]>>> = {
  battery_depletion: ['env_sensor'],
  overload: ['smart_breaker'],
  ground_fault: ['smart_breaker'],
  arc_fault: ['smart_breaker'],
  motion: ['camera'],
};

/** The schema of one fault kind (closed: unknown properties are errors). */
export function faultSchema(kind: FaultKind): TSchema {
  return Type.Object({ kind: Type.Literal(kind), ...FAULT_SCHEMAS[kind] }, { additionalProperties: false });
}

/** Any fault: `kind` is checked first, then that kind's properties (see fault-check.ts). */
export const FaultKindSchema = Type.Object({ kind: Type.Enum(FAULT_KINDS) });

/**
 * Every fault as one JSON Schema (a union of closed objects, one per kind): what scenario files and
 * other documents embed. `checkFault` gives better messages (kind first, then that kind's properties).
 */
export const FaultSchema = Type.Union(
  FAULT_KINDS.map((kind) => faultSchema(kind)),
  { description: `a simulator fault: {kind: ${FAULT_KINDS.join(' | ')}, …}` },
);
