import Type from 'typebox';
import { DeviceSelectorSchema, DurationSchema } from '../../../twin/index.ts';

/** twin/'s one duration grammar. */
export const Duration = DurationSchema;

export const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()], {
  description: 'a string, number, boolean or null',
});

export const JsonObject = Type.Record(Type.String(), Type.Unknown(), { description: 'a JSON object' });

export const Name = Type.String({
  pattern: '^[A-Za-z0-9_.-]{1,64}$',
  description: 'a name: letters, digits, _ . - (at most 64)',
});

export const DeviceRef = Type.Union(
  [
    Type.String({
      pattern: '^[A-Za-z0-9_.:-]{1,100}$',
      description: 'a device id as the scenario knows it (the runner prefixes it per scenario)',
    }),
    Type.Object(
      {
        fleet: Name,
        n: Type.Integer({ minimum: 1, description: 'the n-th device of the fleet, from 1' }),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'a device: its id (brk-0001) or {fleet, n} (the n-th device of a fleet, from 1)' },
);

/** twin/'s device selector, plus the fleet it applies to. */
export const Selector = Type.Object(
  { fleet: Type.Optional(Name), ...DeviceSelectorSchema.properties },
  { additionalProperties: false, description: 'a set of devices: fleet, ids, type, tag, fraction, count' },
);

/** Comparisons an expectation can make on a value; all given ones must hold. */
export const MatcherProps = {
  equals: Type.Optional(Type.Unknown({ description: 'deep equality' })),
  not_equals: Type.Optional(Type.Unknown()),
  gt: Type.Optional(Type.Number()),
  gte: Type.Optional(Type.Number()),
  lt: Type.Optional(Type.Number()),
  lte: Type.Optional(Type.Number()),
  between: Type.Optional(
    Type.Tuple([Type.Number(), Type.Number()], { description: '[low, high], both included' }),
  ),
  one_of: Type.Optional(Type.Array(Type.Unknown(), { minItems: 1 })),
  exists: Type.Optional(Type.Boolean()),
  matches: Type.Optional(Type.String({ description: 'a regular expression' })),
};

export const MATCHER_KEYS = Object.keys(MatcherProps);

export const Matcher = Type.Object(MatcherProps, {
  additionalProperties: false,
  description: 'comparisons: equals, not_equals, gt, gte, lt, lte, between, one_of, exists, matches',
});
