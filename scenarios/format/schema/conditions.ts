import Type, { type TSchema } from 'typebox';
import { DeviceRef, Duration, Matcher, MatcherProps, Name, Selector } from './common.ts';

const COMMAND_STATUS = Type.Union(
  [
    Type.Literal('pending'),
    Type.Literal('delivered'),
    Type.Literal('succeeded'),
    Type.Literal('failed'),
    Type.Literal('timed_out'),
  ],
  { description: 'pending, delivered, succeeded, failed or timed_out' },
);

/** Every condition key an expectation or wait_until can use, with its schema: one factory each. */
export const CONDITION_SCHEMAS = {
  twin: Type.Object(
    {
      device: DeviceRef,
      field: Type.Optional(Type.String({ description: 'a telemetry field (telemetry.fields.<field>)' })),
      reported: Type.Optional(Type.String({ description: 'shadow.state.reported.<key>' })),
      desired: Type.Optional(Type.String({ description: 'shadow.state.desired.<key>' })),
      path: Type.Optional(Type.String({ description: 'any dotted path in GET /devices/:id' })),
      ...MatcherProps,
    },
    { additionalProperties: false, description: "a value of a device's twin" },
  ),
  delta: Type.Object(
    {
      device: DeviceRef,
      key: Type.Optional(Type.String({ description: 'one key of the delta; default the whole delta' })),
      empty: Type.Optional(Type.Boolean({ description: 'true: no delta at all (desired is applied)' })),
      ...MatcherProps,
    },
    { additionalProperties: false, description: "a device's shadow delta (desired not yet reported)" },
  ),
  online: Type.Object(
    {
      device: Type.Optional(DeviceRef),
      devices: Type.Optional(Selector),
      equals: Type.Optional(Type.Boolean({ description: 'default true' })),
      count: Type.Optional(Matcher),
    },
    {
      additionalProperties: false,
      description: 'liveness of a device or of every selected device (or how many, with count)',
    },
  ),
  history: Type.Object(
    {
      device: DeviceRef,
      field: Type.String(),
      agg: Type.Union(
        [
          Type.Literal('mean'),
          Type.Literal('min'),
          Type.Literal('max'),
          Type.Literal('count'),
          Type.Literal('first'),
          Type.Literal('last'),
          Type.Literal('sum'),
          Type.Literal('spread'),
        ],
        { description: 'mean, min, max, count, first, last, sum or spread' },
      ),
      window: Type.Optional(Duration),
      ...MatcherProps,
    },
    {
      additionalProperties: false,
      description: "an aggregate of a telemetry field over a window ending at the device's latest telemetry",
    },
  ),
  event: Type.Object(
    {
      device: DeviceRef,
      type: Type.String({ description: 'event type: trip, motion, reboot …' }),
      where: Type.Optional(
        Type.Record(Type.String(), Type.Unknown(), { description: 'details the event must have' }),
      ),
      window: Type.Optional(Duration),
      count: Type.Optional(Matcher),
    },
    { additionalProperties: false, description: "events in the device's history (default: at least one)" },
  ),
  command: Type.Object(
    {
      ref: Name,
      status: Type.Optional(Type.Union([COMMAND_STATUS, Type.Array(COMMAND_STATUS, { minItems: 1 })])),
      latency_ms: Type.Optional(Matcher),
    },
    { additionalProperties: false, description: 'a command sent by send_command … as: <ref>' },
  ),
  metric: Type.Object(
    {
      name: Type.String({ pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$' }),
      labels: Type.Optional(Type.Record(Type.String(), Type.String())),
      increase: Type.Optional(
        Type.Boolean({ description: 'compare the increase since the expectation began' }),
      ),
      ...MatcherProps,
    },
    { additionalProperties: false, description: 'a platform metric from GET /metrics (summed over series)' },
  ),
  loss: Type.Object(
    {
      fleet: Name,
      max: Type.Optional(Type.Integer({ minimum: 0, description: 'messages lost at most; default 0' })),
    },
    {
      additionalProperties: false,
      description: "telemetry a fleet published that is missing from the platform's history",
    },
  ),
  health: Type.Object(
    { ok: Type.Optional(Type.Boolean({ description: 'default true' })) },
    { additionalProperties: false, description: 'GET /health answers 200 (broker and InfluxDB reachable)' },
  ),
} satisfies Record<string, TSchema>;

export type ConditionKey = keyof typeof CONDITION_SCHEMAS;
export const CONDITION_KEYS = Object.keys(CONDITION_SCHEMAS) as ConditionKey[];

const WaitOptions = {
  poll: Type.Optional(Duration),
};

function keyedUnion(extra: Record<string, TSchema>, required: Record<string, TSchema>, what: string) {
  return Type.Union(
    CONDITION_KEYS.map((k) =>
      Type.Object({ [k]: CONDITION_SCHEMAS[k], ...required, ...extra }, { additionalProperties: false }),
    ),
    { description: `${what}: one condition (${CONDITION_KEYS.join(', ')})` },
  );
}

export const WaitUntil = keyedUnion({ within: Type.Optional(Duration), ...WaitOptions }, {}, 'wait until');

const ExpectOptions = {
  ...WaitOptions,
  background: Type.Optional(
    Type.Boolean({ description: 'run alongside the next steps; checked before the scenario ends' }),
  ),
  soft: Type.Optional(Type.Boolean({ description: 'a failure does not stop the scenario' })),
};

export const Eventually = keyedUnion(ExpectOptions, { within: Duration }, 'eventually');
export const Always = keyedUnion(ExpectOptions, { during: Duration }, 'always');

export { Name };
