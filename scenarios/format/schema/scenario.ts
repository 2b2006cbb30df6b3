import Type, { type Static } from 'typebox';
import { Duration, JsonObject, Name, Scalar } from './common.ts';
import { Fleet } from './fleet.ts';

/** The scenario's own keys (steps are checked one by one by their modules: format/compile-steps.ts). */
export const ScenarioProps = {
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
  deviceTypes: Type.Optional(
    Type.Array(Type.String({ minLength: 1 }), {
      description:
        'device-type files (or folders) of your own, relative to the scenario (docs/device-types.md)',
    }),
  ),
};

/** A scenario as the loader hands it on: the keys above, steps as maps (their plan is in ScenarioInstance). */
const _ScenarioDocSchema = Type.Object({
  ...ScenarioProps,
  steps: Type.Array(Type.Record(Type.String(), Type.Unknown())),
});

export type ScenarioDoc = Static<typeof _ScenarioDocSchema>;
export type StepDoc = Record<string, unknown>;
export type FleetDoc = Static<typeof Fleet>;
