/**
 * Messages a gateway and the platform exchange about the gateway's children (topics in
 * gateway-topics.ts). Each names the child it is about as `device`. A child's telemetry, commands and
 * shadow documents are the same as a directly connected device's, wrapped with that name; the readings
 * of several children travel in one batch, each reading with its own timestamp and sequence number.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { DEVICE_ID_PATTERN } from '../api/device.ts';
import { COMMAND_STATUSES } from '../devices/envelopes.ts';
import { lazyCompile } from '../devices/lazy-compile.ts';
import { decodeJson } from '../devices/payload.ts';
import { formatSchemaErrors } from '../devices/schema-errors.ts';
import { fail, ok, type Result } from '../result.ts';

const EpochMs = (description: string) =>
  Type.Number({ minimum: 0, description: `${description} (ms since epoch)` });
const Child = Type.String({ pattern: DEVICE_ID_PATTERN, description: 'Id of the child device' });
const FieldValue = Type.Union([Type.Number(), Type.Boolean(), Type.String()]);
const AnyObject = (description: string) =>
  Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, description });

/** Most readings one telemetry batch may carry. */
export const MAX_CHILD_READINGS = 1000;

/** A child joined the gateway (or the gateway announces it again after reconnecting). */
export const ChildConnectSchema = Type.Object(
  {
    device: Child,
    type: Type.String({ minLength: 1, maxLength: 64, description: 'Device type of the child' }),
    fw_version: Type.Optional(Type.String()),
    ts: Type.Optional(EpochMs('Time the child joined')),
  },
  {
    description:
      'A child joined the gateway; the platform registers it behind this gateway. Like a birth message it may also carry name, tags, location, serial, mac and model',
  },
);
export type ChildConnect = Static<typeof ChildConnectSchema>;

export const CHILD_DISCONNECT_REASONS = ['left', 'lost', 'removed', 'sleep'] as const;

/** A child left (it said so, the radio lost it, or it was removed). */
export const ChildDisconnectSchema = Type.Object(
  {
    device: Child,
    reason: Type.Optional(Type.Enum([...CHILD_DISCONNECT_REASONS], { description: 'Why the child is gone' })),
    ts: Type.Optional(EpochMs('Time the child left')),
  },
  { description: 'A child left the gateway; it is offline until it connects again' },
);
export type ChildDisconnect = Static<typeof ChildDisconnectSchema>;

/** Which children are online now, as the gateway sees them (sent after it reconnects, or any time). */
export const ChildStatusSchema = Type.Object(
  {
    children: Type.Array(
      Type.Object({ device: Child, online: Type.Boolean(), ts: Type.Optional(EpochMs('Status time')) }),
      { maxItems: MAX_CHILD_READINGS },
    ),
    ts: Type.Optional(EpochMs('Time of the report')),
  },
  { description: 'The online state of several children' },
);
export type ChildStatus = Static<typeof ChildStatusSchema>;

/** One child's reading inside a batch: the telemetry envelope plus `device`. */
export const ChildReadingSchema = Type.Object(
  {
    device: Child,
    ts: EpochMs('Measurement time'),
    seq: Type.Optional(Type.Integer({ minimum: 0, description: "The child's own message counter" })),
    sent: Type.Optional(EpochMs('Time the child transmitted it')),
    fields: Type.Record(Type.String(), FieldValue, {
      description: "Telemetry fields, checked against the child's device type",
    }),
  },
  { additionalProperties: false },
);
export type ChildReading = Static<typeof ChildReadingSchema>;

/** Readings of several children in one message. */
export const ChildTelemetrySchema = Type.Object(
  {
    readings: Type.Array(ChildReadingSchema, { minItems: 1, maxItems: MAX_CHILD_READINGS }),
    sent: Type.Optional(EpochMs('Time the gateway sent the batch')),
  },
  {
    additionalProperties: false,
    description: 'Telemetry of several children, each reading with its own time',
  },
);
export type ChildTelemetry = Static<typeof ChildTelemetrySchema>;

/** An event of a child: the event envelope under `event`. */
export const ChildEventSchema = Type.Object(
  {
    device: Child,
    event: Type.Intersect([
      Type.Object({ type: Type.String({ minLength: 1 }), ts: Type.Optional(EpochMs('Event time')) }),
      Type.Record(Type.String(), Type.Unknown()),
    ]),
  },
  { description: "An event of a child (trip, motion, battery_low, …); `event` is a device's event message" },
);
export type ChildEvent = Static<typeof ChildEventSchema>;

/** A command for a child, platform → gateway (QoS 1): a device's command message plus `device`. */
export const ChildCommandSchema = Type.Object(
  {
    device: Child,
    id: Type.String({ minLength: 1, description: 'Command id, echoed in every response' }),
    name: Type.String({ minLength: 1 }),
    params: Type.Record(Type.String(), FieldValue),
    ts: EpochMs('Time the platform sent the command'),
  },
  { description: 'A command for a child, sent to its gateway' },
);
export type ChildCommand = Static<typeof ChildCommandSchema>;

/** A child's command response, gateway → platform (QoS 1). */
export const ChildCommandResponseSchema = Type.Object(
  {
    device: Child,
    id: Type.String({ minLength: 1, description: 'Id of the command answered' }),
    status: Type.Enum([...COMMAND_STATUSES]),
    result: Type.Optional(Type.Unknown({ description: 'Result of a succeeded command' })),
    error: Type.Optional(Type.String({ description: 'Why the command failed' })),
    ts: Type.Optional(EpochMs('Response time')),
  },
  { description: "A child's response to a command, relayed by its gateway" },
);
export type ChildCommandResponse = Static<typeof ChildCommandResponseSchema>;

/** A shadow delta for a child, platform → gateway: the AWS `/update/delta` document plus `device`. */
export const ChildShadowDeltaSchema = Type.Object(
  {
    device: Child,
    state: AnyObject('Desired properties that differ from reported'),
    version: Type.Integer({ minimum: 0, description: 'Shadow version' }),
    timestamp: Type.Integer({ minimum: 0, description: 'Epoch seconds' }),
  },
  { description: 'Desired state a child has not reported yet, sent to its gateway' },
);
export type ChildShadowDelta = Static<typeof ChildShadowDeltaSchema>;

/** A child's shadow update (reported state), gateway → platform: an AWS update request plus `device`. */
export const ChildShadowUpdateSchema = Type.Object(
  {
    device: Child,
    state: Type.Object(
      { reported: Type.Union([AnyObject('Reported properties to merge'), Type.Null()]) },
      { additionalProperties: false },
    ),
    clientToken: Type.Optional(Type.String({ maxLength: 64 })),
    version: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { description: "A child's reported state, relayed by its gateway" },
);
export type ChildShadowUpdate = Static<typeof ChildShadowUpdateSchema>;

/** The platform refused a gateway message (about one child, or the whole message). */
export const ChildRejectedSchema = Type.Object(
  {
    device: Type.Optional(Child),
    code: Type.Integer({ description: 'HTTP-like status: 400 bad message, 404 unknown child, 429 limit' }),
    reason: Type.String({ description: 'Stable reason, as the platform counts rejections' }),
    message: Type.String({ description: 'What was wrong and what to do' }),
    topic: Type.String({ description: 'The topic of the refused message' }),
    timestamp: Type.Integer({ minimum: 0, description: 'Epoch seconds' }),
  },
  { description: 'A gateway message, or one child of it, was refused' },
);
export type ChildRejected = Static<typeof ChildRejectedSchema>;

function parser<T>(schema: TSchema, what: string): (payload: unknown) => Result<T> {
  const check = lazyCompile(schema);
  return (payload) => {
    const decoded = decodeJson(payload);
    if (!decoded.ok) return decoded;
    const value = decoded.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return fail([`${what} must be a JSON object`]);
    }
    const c = check();
    return c.Check(value) ? ok(value as T) : fail(formatSchemaErrors(c, value));
  };
}

export const parseChildConnect = parser<ChildConnect>(ChildConnectSchema, 'a child connect message');
export const parseChildDisconnect = parser<ChildDisconnect>(
  ChildDisconnectSchema,
  'a child disconnect message',
);
export const parseChildStatus = parser<ChildStatus>(ChildStatusSchema, 'a child status message');
export const parseChildTelemetry = parser<ChildTelemetry>(ChildTelemetrySchema, 'a child telemetry batch');
export const parseChildEvent = parser<ChildEvent>(ChildEventSchema, 'a child event');
export const parseChildCommand = parser<ChildCommand>(ChildCommandSchema, 'a child command');
export const parseChildCommandResponse = parser<ChildCommandResponse>(
  ChildCommandResponseSchema,
  'a child command response',
);
export const parseChildShadowDelta = parser<ChildShadowDelta>(ChildShadowDeltaSchema, 'a child shadow delta');
export const parseChildShadowUpdate = parser<ChildShadowUpdate>(
  ChildShadowUpdateSchema,
  'a child shadow update',
);
export const parseChildRejected = parser<ChildRejected>(ChildRejectedSchema, 'a child rejection');
