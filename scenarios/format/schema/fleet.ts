import Type from 'typebox';
import { FleetSpecSchema } from '../../../simulator/index.ts';
import { Name } from './common.ts';

/**
 * A fleet: the simulator's FleetSpec (docs/simulator-contract.md, its own schema) plus a name, a clock and
 * when to start. Device ids get the scenario's prefix (not MACs: those get a seed per scenario instead).
 */
export const Fleet = Type.Object(
  {
    ...FleetSpecSchema.properties,
    name: Name,
    start: Type.Optional(
      Type.Boolean({ description: 'start with the scenario (default true); false: start_fleet does' }),
    ),
    clock: Type.Optional(
      Type.Union(
        [
          Type.Literal('real'),
          Type.Object({ speed: Type.Number({ minimum: 0 }) }, { additionalProperties: false }),
        ],
        {
          description:
            "'real' (default) or {speed: N}: virtual time runs N × real time (0: only advance moves it)",
        },
      ),
    ),
  },
  { additionalProperties: false },
);
