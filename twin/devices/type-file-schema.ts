/**
 * JSON Schema (TypeBox) of a device-type file: a device type written as data (YAML or JSON) instead of
 * code — its telemetry fields, desired properties and commands, and for the simulator one generator per
 * field. docs/device-types.md describes it; twin/json/schemas/device-type-file.schema.json publishes it.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { DurationSchema } from '../time/duration.ts';

import { DEVICE_TYPE_NAME_PATTERN } from './device-type.ts';

export { DEVICE_TYPE_NAME_PATTERN };
/** A field, property, command or parameter name in a device-type file. */
export const FIELD_NAME_PATTERN = '^[a-z][a-z0-9_]{0,63}$';

const Value = Type.Union([Type.Number(), Type.Boolean(), Type.String()], {
  description: 'a value of the field (number, boolean or string, as its kind says)',
});

const Walk = Type.Object(
  {
    walk: Type.Object(
      {
        min: Type.Number({ description: 'lowest value the walk reaches' }),
        max: Type.Number({ description: 'highest value the walk reaches' }),
        step: Type.Number({ exclusiveMinimum: 0, description: 'largest change per step' }),
        start: Type.Optional(Type.Number({ description: 'first value; default the middle of min..max' })),
        every: Type.Optional({ ...DurationSchema, description: 'one step per this much time; default 10s' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, description: 'a random walk between min and max' },
);

const Sine = Type.Object(
  {
    sine: Type.Object(
      {
        mean: Type.Number(),
        amplitude: Type.Number({ minimum: 0 }),
        period: Type.Optional({ ...DurationSchema, description: 'default 1d (a diurnal cycle)' }),
        peak: Type.Optional({
          ...DurationSchema,
          description:
            'where in the period the value peaks, counted from UTC midnight for a 1d period (15h = 15:00 UTC); default a quarter of the period',
        }),
        noise: Type.Optional(
          Type.Number({ minimum: 0, description: 'standard deviation of noise added; default 0' }),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, description: 'a sine (diurnal with the default 1d period)' },
);

const Steps = Type.Object(
  {
    steps: Type.Object(
      {
        period: Type.Optional({
          ...DurationSchema,
          description:
            'the schedule repeats with this period, aligned to UTC midnight; default: no repeat, offsets from the start',
        }),
        values: Type.Array(
          Type.Object({ at: DurationSchema, value: Value }, { additionalProperties: false }),
          { minItems: 1, description: 'from `at` on (into the period), the field is `value`' },
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, description: 'a step schedule' },
);

const Counter = Type.Object(
  {
    counter: Type.Object(
      {
        start: Type.Optional(Type.Number({ description: 'default 0' })),
        step: Type.Optional(Type.Number({ description: 'added each time; default 1' })),
        every: Type.Optional({ ...DurationSchema, description: 'default 1m' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, description: 'a counter growing with time' },
);

const Cycle = Type.Object(
  {
    cycle: Type.Object(
      {
        values: Type.Array(Value, { minItems: 1 }),
        every: Type.Optional({
          ...DurationSchema,
          description: 'the next value after this long; default 1m',
        }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, description: 'the values in turn (an enum cycle)' },
);

const Constant = Type.Object({ constant: Value }, { additionalProperties: false, description: 'a constant' });

const Derive = Type.Object(
  {
    derive: Type.String({
      minLength: 1,
      description:
        'an expression of other fields, e.g. "moisture < 20" or "round(temperature * 1.8 + 32, 1)" (docs/device-types.md)',
    }),
  },
  { additionalProperties: false, description: 'derived from other fields' },
);

/** Each generator by its key, so a loader can check one against its own schema (clearer errors than the union's). */
export const GENERATOR_SCHEMAS = {
  constant: Constant,
  walk: Walk,
  sine: Sine,
  steps: Steps,
  counter: Counter,
  cycle: Cycle,
  derive: Derive,
} as const;

/** How the simulator produces one field: exactly one generator. */
export const FieldGeneratorSchema = Type.Union([Constant, Walk, Sine, Steps, Counter, Cycle, Derive], {
  description: 'how the simulator produces the field: constant, walk, sine, steps, counter, cycle or derive',
});
export type FieldGeneratorDocument = Static<typeof FieldGeneratorSchema>;

const FIELD_PROPS = {
  kind: Type.Enum(['number', 'integer', 'boolean', 'string']),
  description: Type.Optional(Type.String()),
  unit: Type.Optional(Type.String({ minLength: 1, description: 'e.g. °C, %, V' })),
  min: Type.Optional(Type.Number({ description: 'inclusive, for number and integer' })),
  max: Type.Optional(Type.Number({ description: 'inclusive, for number and integer' })),
  enum: Type.Optional(
    Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'allowed values, for string' }),
  ),
};

export const FieldDocumentSchema = Type.Object(FIELD_PROPS, {
  additionalProperties: false,
  description: 'a field: kind, and unit, min/max or enum as they apply',
});
export const TelemetryFieldDocumentSchema = Type.Object(
  { ...FIELD_PROPS, simulate: Type.Optional(FieldGeneratorSchema) },
  {
    additionalProperties: false,
    description: 'a telemetry field, with how the simulator produces it',
  },
);

const Fields = <T extends TSchema>(field: T, description: string) =>
  Type.Record(Type.String({ pattern: FIELD_NAME_PATTERN }), field, { description });

export const DeviceTypeFileSchema = Type.Object(
  {
    name: Type.String({
      pattern: DEVICE_TYPE_NAME_PATTERN,
      description: 'the type name devices announce (status "type") and are registered with',
    }),
    short: Type.Optional(
      Type.String({ pattern: '^[a-z0-9]{1,8}$', description: 'short name for default ids (soil-0001)' }),
    ),
    description: Type.Optional(Type.String()),
    telemetry: Fields(TelemetryFieldDocumentSchema, 'telemetry fields (uptime_s and fw_version are added)'),
    desired: Type.Optional(
      Fields(FieldDocumentSchema, 'desired-state properties (interval_s, in s, sets the publish interval)'),
    ),
    commands: Type.Optional(
      Type.Record(
        Type.String({ pattern: FIELD_NAME_PATTERN }),
        Type.Object(
          {
            description: Type.Optional(Type.String()),
            params: Type.Optional(Fields(FieldDocumentSchema, 'parameters, each optional in a request')),
          },
          { additionalProperties: false },
        ),
        { description: 'commands the device accepts' },
      ),
    ),
    simulate: Type.Optional(
      Type.Object(
        {
          interval: Type.Optional({ ...DurationSchema, description: 'telemetry interval; default 10s' }),
        },
        { additionalProperties: false, description: 'how the simulator runs devices of this type' },
      ),
    ),
  },
  {
    additionalProperties: false,
    description: 'A device type defined as data (docs/device-types.md)',
  },
);

/** A device-type file as written (after YAML parsing and schema checks). */
export type DeviceTypeFileDocument = Static<typeof DeviceTypeFileSchema>;
