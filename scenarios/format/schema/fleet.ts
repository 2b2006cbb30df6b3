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
    container: Type.Optional(
      Type.Boolean({
        description:
          'run the fleet in a simulator container (twinbench/simulator; npm run images:local) instead of in the runner: twins, history and commands as usual; faults, advance, backfill and loss need an in-process fleet',
      }),
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
