/**
 * The JSON Schema (TypeBox) of a payload mapping: how a device's own JSON becomes twinbench telemetry,
 * and how commands go out and come back in the device's own shape. Compiled by `compileMapping`.
 */
import { Type, type Static } from 'typebox';
import { DurationSchema } from '../../time/duration.ts';

const Name = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });
const Scalar = Type.Union([Type.Number(), Type.Boolean(), Type.String()]);

/** What to do with a key that is not telemetry. */
export const KeyRuleSchema = Type.Union(
  [
    Type.Enum(['metadata', 'ignore', 'deviceId', 'deviceType'], {
      description:
        'metadata: kept as device metadata; ignore: dropped silently; deviceId: must equal the id (or MAC) in the topic; deviceType: names the device type (registers an unknown device on first contact)',
    }),
    Type.Object(
      {
        field: Name('The device type field this key feeds'),
        unit: Type.Optional(Name('Unit the device sends it in (converted to the field unit), e.g. ms')),
        otherwise: Type.Optional(
          Type.Enum(['metadata', 'ignore', 'unknown'], {
            description:
              'When the device type lacks the field: keep as metadata (default), ignore, or count as unknown',
          }),
        ),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'A rule for one key' },
);
export type KeyRule = Static<typeof KeyRuleSchema>;

export const TimestampSpecSchema = Type.Object(
  {
    keys: Type.Optional(
      Type.Array(Name('A key holding the measurement time'), {
        minItems: 1,
        description: 'Keys tried in order, at the top level and in the field objects. Default ["ts"]',
      }),
    ),
    format: Type.Optional(
      Type.Enum(['auto', 's', 'ms', 'iso'], {
        description:
          'auto (default): numbers below 1e11 are seconds, others milliseconds, strings ISO 8601; s, ms, iso: only that form',
      }),
    ),
  },
  { additionalProperties: false, description: 'Where the measurement time is and how it is written' },
);

export const FieldsSpecSchema = Type.Object(
  {
    in: Type.Optional(
      Type.Array(Name('"." for the top level, or the key of an object holding fields (sensors, data …)'), {
        minItems: 1,
        description: 'Where telemetry fields are. Default ["."]',
      }),
    ),
    nested: Type.Optional(
      Type.Enum(['flatten', 'reject'], {
        description:
          'A group object inside the fields: flattened into group<separator>key (default) or rejected',
      }),
    ),
    separator: Type.Optional(
      Type.String({ maxLength: 4, description: 'Joins a group and its keys. Default "_"' }),
    ),
    units: Type.Optional(
      Type.Enum(['convert', 'check'], {
        description:
          'A {value, unit} whose unit differs from the field unit: converted where the table knows how (default), or rejected',
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'Where the telemetry fields are and how nested groups are named',
  },
);

export const CommandsSpecSchema = Type.Object(
  {
    template: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description:
          'The command as the device expects it; string values {id} {name} {params} {ts} {ts_s} {ts_iso} {timeout_ms} {timeout_s} {param.NAME} are filled in',
      }),
    ),
    response: Type.Optional(
      Type.Object(
        {
          id: Type.Optional(Name('Key of the command id. Default "id"')),
          status: Type.Optional(Name('Key of the status. Default "status"')),
          statuses: Type.Optional(
            Type.Record(Type.String(), Type.Enum(['delivered', 'succeeded', 'failed']), {
              description: 'The device status words and what they mean, e.g. {ok: succeeded, error: failed}',
            }),
          ),
          result: Type.Optional(Name('Key of the result. Default "result"')),
          error: Type.Optional(Name('Key of the error text. Default "error"')),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, description: "Commands in the device's own shape, and its responses" },
);

export const StatusSpecSchema = Type.Object(
  {
    key: Type.Optional(Name('Key of the status word. Default "status"')),
    online: Type.Optional(
      Type.Array(Type.String(), {
        description: 'Words meaning online (any case). Default online, connected, up, alive',
      }),
    ),
    offline: Type.Optional(
      Type.Array(Type.String(), {
        description: 'Words meaning offline (any case). Default offline, disconnected, down, lost, dead',
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'A status message that says {"status":"online"} instead of {"online":true}',
  },
);

export const PayloadMappingSchema = Type.Object(
  {
    strict: Type.Optional(
      Type.Boolean({
        description: 'Reject a message with an unknown key (naming it). Default false: count, log once, drop',
      }),
    ),
    envelope: Type.Optional(
      Type.Boolean({
        description: "Also accept twinbench's own {ts, fields} envelope unchanged. Default true",
      }),
    ),
    fields: Type.Optional(FieldsSpecSchema),
    aliases: Type.Optional(
      Type.Record(Type.String(), Name('Device type field name'), {
        description: 'Device key (flattened name or dotted path, e.g. voltage.phase_a) → device type field',
      }),
    ),
    values: Type.Optional(
      Type.Record(Type.String(), Type.Record(Type.String(), Scalar), {
        description:
          'Per device type field: the values the device sends → the values of the field, e.g. {"1": closed}',
      }),
    ),
    timestamp: Type.Optional(TimestampSpecSchema),
    keys: Type.Optional(
      Type.Record(Type.String(), KeyRuleSchema, {
        description:
          'Keys that are not telemetry (device id, status, health, metadata) and what to do with each',
      }),
    ),
    commands: Type.Optional(CommandsSpecSchema),
    status: Type.Optional(StatusSpecSchema),
  },
  { additionalProperties: false, description: "How this profile's payloads map onto twinbench's" },
);

export const LivenessSpecSchema = Type.Object(
  {
    offlineAfter: Type.Optional(DurationSchema),
    checkEvery: Type.Optional(DurationSchema),
  },
  {
    additionalProperties: false,
    description:
      'Devices of this profile are offline after offlineAfter of silence, checked every checkEvery',
  },
);

export type PayloadMappingSpec = Static<typeof PayloadMappingSchema>;
export type LivenessSpec = Static<typeof LivenessSpecSchema>;
export type CommandsSpec = Static<typeof CommandsSpecSchema>;
