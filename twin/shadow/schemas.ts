/**
 * JSON Schemas (TypeBox) of the shadow request and response documents, for the platform's HTTP
 * routes and OpenAPI. The `ShadowBook` does its own checking (AWS error codes and wording); these
 * describe the same shapes for documentation and for clients.
 */
import { Type } from 'typebox';
import type { JsonObject } from './json.ts';
import { DEFAULT_SHADOW_LIMITS } from './limits.ts';

const JsonObjectSchema = (description: string) =>
  Type.Unsafe<JsonObject>({ type: 'object', additionalProperties: true, description });
const Section = (what: string) =>
  Type.Optional(
    Type.Union(
      [JsonObjectSchema(`${what} properties to merge; a null value deletes that property`), Type.Null()],
      {
        description: `${what} state; null removes the whole section`,
      },
    ),
  );
const Timestamp = Type.Integer({ minimum: 0, description: 'Epoch seconds' });
const Version = Type.Integer({ minimum: 0, description: 'Document version' });
const ClientToken = Type.Optional(
  Type.String({
    maxLength: DEFAULT_SHADOW_LIMITS.maxClientTokenBytes,
    description: 'Echoed in the response',
  }),
);
const Metadata = Type.Object({
  desired: Type.Optional(JsonObjectSchema('Mirrors desired, {"timestamp":s} at each leaf')),
  reported: Type.Optional(JsonObjectSchema('Mirrors reported, {"timestamp":s} at each leaf')),
});
const Sections = Type.Object({
  desired: Type.Optional(JsonObjectSchema('Desired state')),
  reported: Type.Optional(JsonObjectSchema('Reported state')),
});

/** Body of an update (`$aws/things/{thing}/shadow/update` or the HTTP equivalent). */
export const ShadowUpdateRequestSchema = Type.Object(
  {
    state: Type.Union([
      Type.Object(
        { desired: Section('Desired'), reported: Section('Reported') },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    clientToken: ClientToken,
    version: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Apply only if the shadow is at this version (else 409)' }),
    ),
  },
  { description: 'Shadow update request (AWS IoT Device Shadow)' },
);

export const ShadowUpdateAcceptedSchema = Type.Object({
  state: Type.Object({
    desired: Type.Optional(Type.Union([JsonObjectSchema('Desired properties as applied'), Type.Null()])),
    reported: Type.Optional(Type.Union([JsonObjectSchema('Reported properties as applied'), Type.Null()])),
  }),
  metadata: Metadata,
  version: Version,
  timestamp: Timestamp,
  clientToken: ClientToken,
});

export const ShadowDeltaSchema = Type.Object({
  state: JsonObjectSchema('Desired properties that differ from reported'),
  metadata: JsonObjectSchema('Metadata of the desired properties in the delta'),
  version: Version,
  timestamp: Timestamp,
  clientToken: ClientToken,
});

const DocumentVersion = Type.Object({ state: Sections, metadata: Metadata, version: Version });

export const ShadowDocumentsSchema = Type.Object({
  previous: Type.Union([DocumentVersion, Type.Null()], {
    description: 'null when the update created the shadow',
  }),
  current: DocumentVersion,
  timestamp: Timestamp,
  clientToken: ClientToken,
});

export const ShadowGetAcceptedSchema = Type.Object({
  state: Type.Object({
    desired: Type.Optional(JsonObjectSchema('Desired state')),
    reported: Type.Optional(JsonObjectSchema('Reported state')),
    delta: Type.Optional(JsonObjectSchema('Desired properties that differ from reported')),
  }),
  metadata: Metadata,
  version: Version,
  timestamp: Timestamp,
  clientToken: ClientToken,
});

export const ShadowDeleteAcceptedSchema = Type.Object({
  version: Version,
  timestamp: Timestamp,
  clientToken: ClientToken,
});

export const ShadowErrorSchema = Type.Object({
  code: Type.Enum([400, 404, 409, 413, 429, 500], { description: 'HTTP-style status' }),
  message: Type.String(),
  timestamp: Timestamp,
  clientToken: ClientToken,
});
