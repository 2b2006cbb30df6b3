/**
 * The JSON Schema documents published in twin/json/schemas/: built from the TypeBox schemas twin
 * validates with, each with an `$id` and a title, self-contained (no `$ref` between files) so a C++
 * or browser reader can load any one alone.
 */
import { Type, type TSchema } from 'typebox';
import { CommandBodySchema, CommandViewSchema } from '../api/commands.ts';
import { DeviceSchema, DeviceSummarySchema, ErrorBodySchema } from '../api/device.ts';
import { HealthSchema } from '../api/health.ts';
import { HistoryAnswerSchema } from '../api/history.ts';
import { StreamFrameSchema, TwinChangeSchema } from '../api/stream.ts';
import { TwinViewSchema } from '../api/twin-view.ts';
import { BirthDetailsSchema } from '../devices/birth.ts';
import { DEVICE_TYPES, DeviceTypeSchema, type DeviceType } from '../devices/device-type.ts';
import {
  CommandRequestSchema,
  CommandResponseSchema,
  CommandSchema,
  EventSchema,
  KNOWN_EVENT_SCHEMAS,
  StatusSchema,
  telemetryEnvelopeSchema,
} from '../devices/envelopes.ts';
import { LocationSchema } from '../devices/location.ts';
import { COMMAND_PARAMS_SCHEMAS, DESIRED_SCHEMAS, TELEMETRY_FIELDS_SCHEMAS } from '../devices/schemas.ts';
import { DeviceSelectorSchema } from '../devices/selector.ts';
import { DeviceTypeFileSchema } from '../devices/type-file-schema.ts';
import { DeviceTypeViewSchema } from '../devices/type-view.ts';
import {
  ShadowDeleteAcceptedSchema,
  ShadowDeltaSchema,
  ShadowDocumentsSchema,
  ShadowErrorSchema,
  ShadowGetAcceptedSchema,
  ShadowUpdateAcceptedSchema,
  ShadowUpdateRequestSchema,
} from '../shadow/schemas.ts';
import { TopicProfileSpecSchema } from '../topics/profile-schema.ts';
import {
  ChildCommandResponseSchema,
  ChildCommandSchema,
  ChildConnectSchema,
  ChildDisconnectSchema,
  ChildEventSchema,
  ChildRejectedSchema,
  ChildShadowDeltaSchema,
  ChildShadowUpdateSchema,
  ChildStatusSchema,
  ChildTelemetrySchema,
} from '../topics/gateway-messages.ts';
import { DurationSchema } from '../time/duration.ts';

/** Where the `$id`s point: the path of each file under twin/json/ appended to this. */
export const CONTRACT_ID_BASE = 'https://twinbench.dev/contract/v1/';
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export interface SchemaDocument {
  /** Path under twin/json/, e.g. `schemas/status.schema.json`. */
  file: string;
  /** Name in the AsyncAPI document's components.schemas. */
  name: string;
  title: string;
  schema: TSchema;
}

/** The flat telemetry form: every key but ts/seq/sent is a field (foreign topic profiles send it). */
function flatTelemetrySchema(type: DeviceType): TSchema {
  const fields = TELEMETRY_FIELDS_SCHEMAS[type];
  return Type.Object(
    {
      ts: Type.Optional(Type.Number({ minimum: 0, description: 'Measurement time (ms since epoch)' })),
      seq: Type.Optional(Type.Integer({ minimum: 0, description: 'Per-device message counter' })),
      sent: Type.Optional(Type.Number({ minimum: 0, description: 'Send time (ms since epoch)' })),
      ...Object.fromEntries(Object.entries(fields.properties).map(([k, v]) => [k, Type.Optional(v)])),
    },
    { additionalProperties: false, description: `Flat telemetry of a ${type}: fields at the top level` },
  );
}

/** A command for one type: a known name with its parameters. */
function typedCommandSchema(type: DeviceType): TSchema {
  const params = COMMAND_PARAMS_SCHEMAS[type];
  return Type.Union(
    Object.entries(params).map(([name, schema]) =>
      Type.Object(
        {
          id: Type.String({ minLength: 1, description: 'Command id, echoed in every response' }),
          name: Type.Literal(name),
          params: schema,
          ts: Type.Number({ minimum: 0, description: 'Time the platform sent the command (ms since epoch)' }),
        },
        { description: (schema as { description?: string }).description ?? `${type} command ${name}` },
      ),
    ),
    { description: `A command to a ${type}` },
  );
}

/** An event, with the details of the known event types checked (`if type is trip then …`). */
function eventSchema(): TSchema {
  const known = Object.entries(KNOWN_EVENT_SCHEMAS).map(([type, details]) => ({
    if: { properties: { type: { const: type } }, required: ['type'] },
    then: JSON.parse(JSON.stringify(details)) as unknown,
  }));
  return Type.Unsafe({ ...JSON.parse(JSON.stringify(EventSchema)), allOf: known });
}

/** A shadow update whose desired section is a desired-state patch of `type`. */
function typedShadowUpdateSchema(type: DeviceType): TSchema {
  const plain = JSON.parse(JSON.stringify(ShadowUpdateRequestSchema)) as {
    properties: { state: { anyOf: { properties?: Record<string, unknown> }[] } };
  };
  for (const branch of plain.properties.state.anyOf) {
    if (branch.properties?.desired !== undefined) {
      branch.properties.desired = {
        anyOf: [JSON.parse(JSON.stringify(DESIRED_SCHEMAS[type])) as unknown, { type: 'null' }],
        description: `Desired state of a ${type}; null removes the whole section`,
      };
    }
  }
  return Type.Unsafe({ ...plain, description: `Shadow update request of a ${type}` });
}

/** What a device-type spec document (twin/json/device-types/<type>.json) looks like. */
const FieldSpecSchema = Type.Object(
  {
    kind: Type.Enum(['number', 'integer', 'boolean', 'string']),
    unit: Type.Optional(Type.String()),
    min: Type.Optional(Type.Number({ description: 'Inclusive lower bound' })),
    max: Type.Optional(Type.Number({ description: 'Inclusive upper bound' })),
    enum: Type.Optional(Type.Array(Type.String())),
    description: Type.String(),
  },
  { additionalProperties: false },
);
export const DeviceTypeSpecSchema = Type.Object(
  {
    type: DeviceTypeSchema,
    description: Type.String(),
    telemetry: Type.Record(Type.String(), FieldSpecSchema, {
      description: 'Every field optional in a message; each present one is checked',
    }),
    desired: Type.Record(Type.String(), FieldSpecSchema, {
      description: 'Desired properties the device obeys',
    }),
    commands: Type.Record(
      Type.String(),
      Type.Object(
        { description: Type.String(), params: Type.Record(Type.String(), FieldSpecSchema) },
        { additionalProperties: false },
      ),
    ),
  },
  {
    additionalProperties: false,
    description: 'A device type: telemetry fields, desired properties, commands',
  },
);

function doc(file: string, name: string, title: string, schema: TSchema): SchemaDocument {
  return { file: `schemas/${file}.schema.json`, name, title, schema };
}

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()).replace(/^./, (c) => c.toUpperCase());
}

/** What a gateway and the platform exchange about its children (docs/gateways.md). */
const GATEWAY_DOCS: SchemaDocument[] = [
  doc('child-connect', 'ChildConnect', 'A child joined its gateway', ChildConnectSchema),
  doc('child-disconnect', 'ChildDisconnect', 'A child left its gateway', ChildDisconnectSchema),
  doc('child-status', 'ChildStatus', 'Online state of several children', ChildStatusSchema),
  doc('child-telemetry', 'ChildTelemetry', 'Telemetry of several children', ChildTelemetrySchema),
  doc('child-event', 'ChildEvent', 'An event of a child', ChildEventSchema),
  doc('child-command', 'ChildCommand', 'A command for a child (platform to gateway)', ChildCommandSchema),
  doc(
    'child-command-response',
    'ChildCommandResponse',
    "A child's command response (gateway to platform)",
    ChildCommandResponseSchema,
  ),
  doc('child-shadow-delta', 'ChildShadowDelta', 'A shadow delta for a child', ChildShadowDeltaSchema),
  doc('child-shadow-update', 'ChildShadowUpdate', "A child's reported state", ChildShadowUpdateSchema),
  doc('child-rejected', 'ChildRejected', 'A gateway message was refused', ChildRejectedSchema),
];

/** Every published schema, in a stable order. */
export function schemaDocuments(): SchemaDocument[] {
  const perType = DEVICE_TYPES.flatMap((type) => [
    doc(
      `telemetry.${type}`,
      `Telemetry${camel(type)}`,
      `Telemetry of a ${type}`,
      Type.Union([telemetryEnvelopeSchema(type), flatTelemetrySchema(type)], {
        description: `Telemetry of a ${type}: the envelope {ts?, seq?, sent?, fields}, or the flat form`,
      }),
    ),
    doc(
      `telemetry-fields.${type}`,
      `TelemetryFields${camel(type)}`,
      `Telemetry fields of a ${type}`,
      TELEMETRY_FIELDS_SCHEMAS[type],
    ),
    doc(
      `desired.${type}`,
      `Desired${camel(type)}`,
      `Desired-state patch of a ${type}`,
      DESIRED_SCHEMAS[type],
    ),
    doc(
      `command-params.${type}`,
      `CommandParams${camel(type)}`,
      `Parameters of each ${type} command`,
      Type.Object(COMMAND_PARAMS_SCHEMAS[type], {
        additionalProperties: false,
        description: `Parameters of each ${type} command, by command name`,
      }),
    ),
    doc(`command.${type}`, `Command${camel(type)}`, `A command to a ${type}`, typedCommandSchema(type)),
    doc(
      `shadow-update-request.${type}`,
      `ShadowUpdateRequest${camel(type)}`,
      `Shadow update request of a ${type}`,
      typedShadowUpdateSchema(type),
    ),
  ]);
  return [
    doc('device-type', 'DeviceType', 'Device type', DeviceTypeSchema),
    doc('device-type-spec', 'DeviceTypeSpec', 'Device-type spec document', DeviceTypeSpecSchema),
    doc(
      'device-type-file',
      'DeviceTypeFile',
      'Device-type file: a type of your own as data (docs/device-types.md)',
      DeviceTypeFileSchema,
    ),
    doc('device-type-view', 'DeviceTypeView', 'GET /device-types/{name}', DeviceTypeViewSchema),
    ...perType,
    doc('status', 'Status', 'Status (birth, last will)', StatusSchema),
    doc('birth-details', 'BirthDetails', 'Optional details of a status message', BirthDetailsSchema),
    doc('event', 'Event', 'Event', eventSchema()),
    ...Object.entries(KNOWN_EVENT_SCHEMAS).map(([type, schema]) =>
      doc(`event-details.${type}`, `EventDetails${camel(type)}`, `Details of a ${type} event`, schema),
    ),
    doc('command', 'Command', 'Command (platform to device)', CommandSchema),
    doc('command-request', 'CommandRequest', 'Request to send a command', CommandRequestSchema),
    doc(
      'command-response',
      'CommandResponse',
      'Command response (device to platform)',
      CommandResponseSchema,
    ),
    doc('shadow-update-request', 'ShadowUpdateRequest', 'Shadow update request', ShadowUpdateRequestSchema),
    doc(
      'shadow-update-accepted',
      'ShadowUpdateAccepted',
      'Shadow update accepted',
      ShadowUpdateAcceptedSchema,
    ),
    doc('shadow-delta', 'ShadowDelta', 'Shadow delta', ShadowDeltaSchema),
    doc('shadow-documents', 'ShadowDocuments', 'Shadow documents', ShadowDocumentsSchema),
    doc('shadow-get-accepted', 'ShadowGetAccepted', 'Shadow get accepted', ShadowGetAcceptedSchema),
    doc(
      'shadow-delete-accepted',
      'ShadowDeleteAccepted',
      'Shadow delete accepted',
      ShadowDeleteAcceptedSchema,
    ),
    doc('shadow-error', 'ShadowError', 'Shadow request rejected', ShadowErrorSchema),
    doc('topic-profile-spec', 'TopicProfileSpec', 'Topic profile spec', TopicProfileSpecSchema),
    ...GATEWAY_DOCS,
    doc('location', 'Location', 'Device location', LocationSchema),
    doc('device-selector', 'DeviceSelector', 'Device selector', DeviceSelectorSchema),
    doc('duration', 'Duration', 'Duration', DurationSchema),
    doc('api.device', 'ApiDevice', 'A registered device (REST)', DeviceSchema),
    doc('api.device-summary', 'ApiDeviceSummary', 'An entry of GET /devices', DeviceSummarySchema),
    doc('api.twin-view', 'ApiTwinView', 'GET /devices/:id', TwinViewSchema),
    doc('api.command-body', 'ApiCommandBody', 'POST /devices/:id/commands body', CommandBodySchema),
    doc('api.command', 'ApiCommand', 'A tracked command (REST, stream)', CommandViewSchema),
    doc('api.health', 'ApiHealth', 'GET /health', HealthSchema),
    doc('api.history', 'ApiHistory', 'GET /devices/:id/history', HistoryAnswerSchema),
    doc('api.error', 'ApiError', 'An error answer', ErrorBodySchema),
    doc('stream.twin-change', 'StreamTwinChange', 'A twin change', TwinChangeSchema),
    doc('stream.frame', 'StreamFrame', 'A /stream WebSocket frame', StreamFrameSchema),
  ];
}

/** The document as written: `$schema`, `$id` and `title` first, then the schema (a plain JSON copy). */
export function schemaJson(d: SchemaDocument): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(d.schema)) as Record<string, unknown>;
  return { $schema: JSON_SCHEMA_DIALECT, $id: `${CONTRACT_ID_BASE}${d.file}`, title: d.title, ...plain };
}
