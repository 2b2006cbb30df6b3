/** GET /devices/:id: the whole twin (device, liveness, latest telemetry, shadow). */
import { Type, type Static } from 'typebox';
import { DeviceSchema } from './device.ts';

export const TelemetryValueSchema = Type.Union([Type.Number(), Type.Boolean(), Type.String()]);
export type TelemetryValue = Static<typeof TelemetryValueSchema>;

export const LatestTelemetrySchema = Type.Object({
  ts: Type.Number({ description: 'Epoch ms of the newest reading merged in' }),
  seq: Type.Optional(Type.Number()),
  fields: Type.Record(Type.String(), TelemetryValueSchema),
});
export type LatestTelemetry = Static<typeof LatestTelemetrySchema>;

export const ShadowStateViewSchema = Type.Object({
  desired: Type.Optional(Type.Unknown()),
  reported: Type.Optional(Type.Unknown()),
  delta: Type.Optional(Type.Unknown()),
});

export const TwinViewSchema = Type.Object(
  {
    device: DeviceSchema,
    online: Type.Boolean(),
    lastSeen: Type.Optional(Type.Number({ description: 'Epoch ms of the last sign of life' })),
    onlineSince: Type.Optional(Type.Number({ description: 'Epoch ms, while online' })),
    telemetry: Type.Optional(LatestTelemetrySchema),
    shadow: Type.Optional(
      Type.Object({ state: ShadowStateViewSchema, metadata: Type.Unknown(), version: Type.Number() }),
    ),
    namedShadows: Type.Array(Type.String()),
  },
  { description: 'The whole twin: device, liveness, latest telemetry, classic shadow' },
);
export type TwinView = Static<typeof TwinViewSchema>;
