import Type, { type Static, type TSchema } from 'typebox';
import { ACTION_KEYS, ACTION_SCHEMAS } from './actions.ts';
import { Duration, JsonObject, Name, Scalar } from './common.ts';
import { Always, Eventually, WaitUntil } from './conditions.ts';
import { Fleet } from './fleet.ts';

/** When a step starts; every step may have these next to its action. */
const TimingProps = {
  id: Type.Optional(Name),
  name: Type.Optional(Type.String({ description: 'shown in reports; default: the action' })),
  at: Type.Optional(Duration),
  after: Type.Optional(
    Type.String({ description: "'previous' (default) or the id of an earlier step: start when it ended" }),
  ),
  delay: Type.Optional(Duration),
  wait_until: Type.Optional(WaitUntil),
};

function stepVariant(key: string, schema: TSchema) {
  return Type.Object({ ...TimingProps, [key]: schema }, { additionalProperties: false });
}

export const STEP_KEYS = [...ACTION_KEYS, 'eventually', 'always'] as const;

export const Step = Type.Union(
  [
    ...ACTION_KEYS.map((k) => stepVariant(k, ACTION_SCHEMAS[k])),
    stepVariant('eventually', Eventually),
    stepVariant('always', Always),
    Type.Object({ ...TimingProps, wait_until: WaitUntil }, { additionalProperties: false }),
    Type.Object(
      { include: Type.String({ description: "a file whose 'steps' are put here" }) },
      { additionalProperties: false },
    ),
  ],
  {
    description: `a step: at most one action (${STEP_KEYS.join(', ')}), optional timing (at, after, delay, wait_until)`,
  },
);

const ScenarioProps = {
  name: Type.String({ minLength: 1 }),
  description: Type.Optional(Type.String()),
  tags: Type.Optional(Type.Array(Name)),
  exclusive: Type.Optional(
    Type.Boolean({
      description: 'run alone (no other scenario in parallel); implied by restarting the broker or InfluxDB',
    }),
  ),
  timeout: Type.Optional(Duration),
  include: Type.Optional(Type.Array(Type.String(), { description: 'fragment files merged in, in order' })),
  params: Type.Optional(Type.Record(Type.String(), Scalar, { description: 'values used as ${name}' })),
  matrix: Type.Optional(
    Type.Union(
      [
        Type.Record(Type.String(), Type.Array(Scalar, { minItems: 1 })),
        Type.Array(Type.Record(Type.String(), Scalar), { minItems: 1 }),
      ],
      {
        description:
          'run the scenario once per combination ({a: [1, 2], b: [x, y]}) or per row ([{a: 1, b: x}, …])',
      },
    ),
  ),
  stack: Type.Optional(
    Type.Object(
      {
        broker: Type.Optional(
          Type.Object({ persistence: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        ),
      },
      { additionalProperties: false, description: 'what the suite stack must offer' },
    ),
  ),
  platform: Type.Optional(
    Type.Object(
      { config: Type.Optional(JsonObject) },
      {
        additionalProperties: false,
        description: 'the platform process: config beyond mqtt/influx (docs/platform.md)',
      },
    ),
  ),
  fleets: Type.Optional(Type.Array(Fleet)),
  steps: Type.Array(Step, { minItems: 1 }),
};

export const ScenarioSchema = Type.Object(ScenarioProps, {
  additionalProperties: false,
  title: 'twinbench scenario',
  description: 'A twinbench scenario: fleets, a timeline of steps and expectations (docs/scenarios.md).',
});

/** A fragment (include: [file]) has the same keys, none required. */
export const FragmentSchema = Type.Partial(ScenarioSchema);

export type ScenarioDoc = Static<typeof ScenarioSchema>;
export type StepDoc = Static<typeof Step>;
export type FleetDoc = Static<typeof Fleet>;
