import { Name } from '../../format/schema/common.ts';
import type { ActionModule } from '../types.ts';

/** `stop_fleet: name`: clean disconnects of every device of the fleet. */
export const stopFleetAction: ActionModule<string> = {
  key: 'stop_fleet',
  schema: Name,
  label: (name) => `stop fleet ${name}`,
  compile(name, ctx) {
    ctx.fleet(name);
    return {
      async run({ fleets }) {
        await fleets.stop(name);
        return `fleet ${name} stopped`;
      },
    };
  },
};
