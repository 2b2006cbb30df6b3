import Type, { type TSchema } from 'typebox';

/** The simulator's faults (docs/simulator-contract.md), field names as the simulator spells them. */
const FAULT_FIELDS: Record<string, Record<string, TSchema>> = {
  disconnect: {
    clean: Type.Optional(
      Type.Boolean({ description: 'false (default): drop the socket, the last will fires' }),
    ),
    durationMs: Type.Optional(
      Type.Integer({ minimum: 0, description: 'reconnect after this long (fleet clock)' }),
    ),
  },
  reconnect_storm: {},
  partition: { durationMs: Type.Optional(Type.Integer({ minimum: 0 })) },
  drop_publishes: { rate: Type.Number({ minimum: 0, maximum: 1 }) },
  latency: { ms: Type.Integer({ minimum: 0 }) },
  clock_skew: { ms: Type.Integer() },
  stuck: { field: Type.String() },
  drift: { field: Type.String(), perHour: Type.Number() },
  spike: { field: Type.String(), factor: Type.Number() },
  malformed: { rate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })) },
  flood: {
    ratePerSecond: Type.Number({ exclusiveMinimum: 0 }),
    durationMs: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  battery_depletion: { percent: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })) },
  reboot: {},
  firmware: { version: Type.String() },
  overload: { amps: Type.Number({ minimum: 0 }) },
  ground_fault: { mA: Type.Optional(Type.Number({ minimum: 0 })) },
  arc_fault: {},
  motion: {},
};

export const FAULT_KINDS = Object.keys(FAULT_FIELDS);

export const Fault = Type.Union(
  FAULT_KINDS.map((kind) =>
    Type.Object({ kind: Type.Literal(kind), ...FAULT_FIELDS[kind] }, { additionalProperties: false }),
  ),
  { description: `a simulator fault: {kind: ${FAULT_KINDS.join(' | ')}, …}` },
);
