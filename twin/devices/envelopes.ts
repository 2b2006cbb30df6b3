/** JSON Schemas (TypeBox) and types of the messages devices and the platform exchange. */
import { Type, type Static, type TObject } from 'typebox';
import { DeviceTypeSchema, type DeviceType } from './device-type.ts';
import type { FieldValue } from './fields.ts';
import { TELEMETRY_FIELDS_SCHEMAS } from './schemas.ts';
import { TRIP_CAUSES } from './smart-breaker.ts';

const EpochMs = (description: string) =>
  Type.Number({ minimum: 0, description: `${description} (ms since epoch)` });

/** A checked telemetry message (envelope or flat form). */
export interface Telemetry {
  /** Measurement time, ms since epoch. */
  ts?: number;
  /** Per-device message counter. */
  seq?: number;
  /** Send time, ms since epoch. */
  sent?: number;
  fields: Record<string, FieldValue>;
}

/** The envelope form of a telemetry message for one device type (the flat form has no schema of its own). */
export function telemetryEnvelopeSchema(type: DeviceType): TObject {
  return Type.Object(
    {
      ts: Type.Optional(EpochMs('Measurement time')),
      seq: Type.Optional(Type.Integer({ minimum: 0, description: 'Per-device message counter' })),
      sent: Type.Optional(EpochMs('Send time')),
      fields: TELEMETRY_FIELDS_SCHEMAS[type],
    },
    { additionalProperties: false, description: `Telemetry message of a ${type}` },
  );
}

/** Status (retained; also the last will, with `online: false`). A birth message announces the type. */
export const StatusSchema = Type.Object(
  {
    online: Type.Boolean(),
    type: Type.Optional(DeviceTypeSchema),
    fw_version: Type.Optional(Type.String()),
    ts: Type.Optional(EpochMs('Status time')),
  },
  { description: 'Device status; the retained message and the last will' },
);
/** `type` is a built-in type or one registered from a device-type file. */
export type StatusMessage = { online: boolean; type?: string; fw_version?: string; ts?: number };

export const MotionBoxSchema = Type.Object({
  x: Type.Number({ minimum: 0, maximum: 1, description: 'Left edge, fraction of the width' }),
  y: Type.Number({ minimum: 0, maximum: 1, description: 'Top edge, fraction of the height' }),
  w: Type.Number({ minimum: 0, maximum: 1, description: 'Width, fraction of the frame' }),
  h: Type.Number({ minimum: 0, maximum: 1, description: 'Height, fraction of the frame' }),
  label: Type.String({ description: 'What was detected, e.g. "person"' }),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
});
export type MotionBox = Static<typeof MotionBoxSchema>;

/** Event: a `type` plus details. Known types are checked further: `trip` (cause), `motion` (boxes). */
export const EventSchema = Type.Object(
  {
    type: Type.String({ minLength: 1, description: 'Event type, e.g. "trip" or "motion"' }),
    ts: Type.Optional(EpochMs('Event time')),
  },
  { description: 'Device event; any other property is a detail of the event' },
);
export type EventMessage = { type: string; ts?: number; [detail: string]: unknown };

/** Details of the event types twinbench devices send. */
export const KNOWN_EVENT_SCHEMAS: Readonly<Record<string, TObject>> = Object.freeze({
  trip: Type.Object({ cause: Type.Optional(Type.Enum([...TRIP_CAUSES])) }),
  motion: Type.Object({ boxes: Type.Optional(Type.Array(MotionBoxSchema)) }),
});

/** Command, platform → device, QoS 1. */
export const CommandSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, description: 'Command id, echoed in every response' }),
    name: Type.String({ minLength: 1 }),
    params: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean(), Type.String()])),
    ts: EpochMs('Time the platform sent the command'),
  },
  { description: 'Command sent to a device' },
);
export type CommandMessage = { id: string; name: string; params: Record<string, FieldValue>; ts: number };

/** Body of a request to send a command (the platform adds `id` and `ts`). */
export const CommandRequestSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: "Command name, one of the device type's commands" }),
    params: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean(), Type.String()])),
    ),
  },
  { additionalProperties: false, description: 'Command to send to a device' },
);
export type CommandRequest = { name: string; params: Record<string, FieldValue> };

/** Statuses a device answers a command with (the platform's lifecycle adds pending and timed_out). */
export const COMMAND_STATUSES = ['delivered', 'succeeded', 'failed'] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];

/** Command response, device → platform. */
export const CommandResponseSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, description: 'Id of the command answered' }),
    status: Type.Enum([...COMMAND_STATUSES]),
    result: Type.Optional(Type.Unknown({ description: 'Result of a succeeded command' })),
    error: Type.Optional(Type.String({ description: 'Why the command failed' })),
    ts: Type.Optional(EpochMs('Response time')),
  },
  { description: 'Response of a device to a command' },
);
export type CommandResponse = {
  id: string;
  status: CommandStatus;
  result?: unknown;
  error?: string;
  ts?: number;
};
