/**
 * The WebSocket stream (GET /stream): every frame is a JSON array of twin changes; the same changes
 * are what history stores.
 */
import { Type, type Static } from 'typebox';
import { CommandViewSchema } from './commands.ts';
import { DeviceSchema } from './device.ts';
import { TelemetryValueSchema } from './twin-view.ts';

export const TWIN_CHANGE_KINDS = Object.freeze([
  'telemetry',
  'shadow',
  'liveness',
  'event',
  'command',
  'device',
] as const);
export type TwinChangeKind = (typeof TWIN_CHANGE_KINDS)[number];

const Base = { deviceId: Type.String(), ts: Type.Number({ description: 'Epoch ms' }) };

export const TelemetryChangeSchema = Type.Object({
  kind: Type.Literal('telemetry'),
  ...Base,
  seq: Type.Optional(Type.Number()),
  sent: Type.Optional(Type.Number({ description: "Device's send time, epoch ms, when it gave one" })),
  arrivalTime: Type.Optional(
    Type.Boolean({ description: 'True when ts is the arrival time because the device gave none' }),
  ),
  fields: Type.Record(Type.String(), TelemetryValueSchema),
});

export const ShadowChangeSchema = Type.Object({
  kind: Type.Literal('shadow'),
  ...Base,
  shadowName: Type.Optional(Type.String()),
  version: Type.Number(),
  deleted: Type.Optional(Type.Boolean()),
  state: Type.Object({
    desired: Type.Optional(Type.Unknown()),
    reported: Type.Optional(Type.Unknown()),
    delta: Type.Optional(Type.Unknown()),
  }),
  metadata: Type.Optional(Type.Unknown()),
});

export const LivenessChangeSchema = Type.Object({
  kind: Type.Literal('liveness'),
  ...Base,
  online: Type.Boolean(),
  reason: Type.String({ description: 'e.g. connected, message, last_will, heartbeat_timeout, disconnected' }),
});

export const EventChangeSchema = Type.Object({
  kind: Type.Literal('event'),
  ...Base,
  event: Type.Intersect([Type.Object({ type: Type.String() }), Type.Record(Type.String(), Type.Unknown())]),
});

export const CommandChangeSchema = Type.Object({
  kind: Type.Literal('command'),
  ...Base,
  command: CommandViewSchema,
});

export const DeviceChangeSchema = Type.Object({
  kind: Type.Literal('device'),
  ...Base,
  device: DeviceSchema,
});

/** Everything that changes a twin. */
export const TwinChangeSchema = Type.Union(
  [
    TelemetryChangeSchema,
    ShadowChangeSchema,
    LivenessChangeSchema,
    EventChangeSchema,
    CommandChangeSchema,
    DeviceChangeSchema,
  ],
  { description: 'A change of a twin; `kind` tells which' },
);

/** Written out (not Static) so `event` keeps its index signature and narrowing on `kind` works. */
export type TwinChange =
  | Static<typeof TelemetryChangeSchema>
  | Static<typeof ShadowChangeSchema>
  | Static<typeof LivenessChangeSchema>
  | { kind: 'event'; deviceId: string; ts: number; event: { type: string } & Record<string, unknown> }
  | Static<typeof CommandChangeSchema>
  | Static<typeof DeviceChangeSchema>;

/** One WebSocket frame: the changes of one turn of the platform's event loop. */
export const StreamFrameSchema = Type.Array(TwinChangeSchema, {
  description: 'One WebSocket frame: a JSON array of twin changes',
});
export type StreamFrame = TwinChange[];

/** GET /stream query. */
export const StreamQuerySchema = Type.Object({
  device: Type.Optional(Type.String({ description: 'comma-separated device ids' })),
  type: Type.Optional(Type.String()),
  tag: Type.Optional(Type.String({ description: 'key:value or key' })),
  kinds: Type.Optional(Type.String({ description: `comma-separated: ${TWIN_CHANGE_KINDS.join(', ')}` })),
});
export type StreamQuery = Static<typeof StreamQuerySchema>;
