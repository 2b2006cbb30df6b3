import Type, { type TSchema } from 'typebox';

/** Wire types of the fleet history endpoints the 3D viewer replays from (docs/platform.md, "Fleet history"). */

const Value = Type.Union([Type.Number(), Type.Boolean(), Type.String()]);
/**
 * A `[t, v]` pair. Written as an array of two items rather than a tuple: the serializer
 * (fast-json-stringify) does not take TypeBox's tuple (`prefixItems`).
 */
const Pair = <T extends TSchema>(value: T, description: string) =>
  Type.Array(Type.Union([Type.Number(), value]), { minItems: 2, maxItems: 2, description });

export const SnapshotQuery = Type.Object({
  at: Type.Optional(
    Type.String({ description: 'epoch ms or ISO 8601 (also relative, like -1h); default now' }),
  ),
  fields: Type.Optional(Type.String({ description: 'comma-separated telemetry fields; default all' })),
});

export const SnapshotAnswer = Type.Object({
  at: Type.Integer({ description: 'epoch ms' }),
  devices: Type.Array(
    Type.Object({
      id: Type.String(),
      type: Type.String(),
      online: Type.Union([Type.Boolean(), Type.Null()], {
        description: 'liveness at `at`; null: never known',
      }),
      ts: Type.Union([Type.Integer(), Type.Null()], {
        description: 'epoch ms of the newest value used; null: no value at or before `at`',
      }),
      fields: Type.Record(Type.String(), Value),
    }),
  ),
});

export const FleetQuery = Type.Object({
  from: Type.Optional(Type.String({ description: 'epoch ms, ISO 8601 or relative (-1h); default -1h' })),
  to: Type.Optional(Type.String({ description: 'epoch ms, ISO 8601 or relative; default now' })),
  every: Type.Optional(
    Type.String({
      description: 'bucket length: 10s, 1m, 1h30m or ms; default (to - from) / 300, at least 1s',
    }),
  ),
  fields: Type.Optional(Type.String({ description: 'comma-separated telemetry fields; default all' })),
});

export const FleetAnswer = Type.Object({
  from: Type.Integer({ description: 'epoch ms' }),
  to: Type.Integer({ description: 'epoch ms' }),
  every: Type.Integer({ description: 'bucket length, ms' }),
  devices: Type.Array(
    Type.Object({
      id: Type.String(),
      type: Type.String(),
      series: Type.Record(Type.String(), Type.Array(Pair(Value, '[t ms, value]')), {
        description: 'per field: [bucket start ms, last value in the bucket]; empty buckets left out',
      }),
      online: Type.Array(Pair(Type.Boolean(), '[t ms, online]'), {
        description: 'the state at `from` (when known), then every transition in the window',
      }),
    }),
  ),
  events: Type.Array(
    Type.Object(
      { t: Type.Integer(), deviceId: Type.String(), type: Type.String() },
      { additionalProperties: true, description: "the event's own details beside t, deviceId, type" },
    ),
  ),
});
