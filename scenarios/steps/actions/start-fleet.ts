import { Name } from '../../format/schema/common.ts';
import type { ActionModule } from '../types.ts';

/** `start_fleet: name`: connects a fleet declared with `start: false` (connected when the step ends). */
export const startFleetAction: ActionModule<string> = {
  key: 'start_fleet',
  schema: Name,
  label: (name) => `start fleet ${name}`,
  compile(name, ctx) {
    ctx.fleet(name);
    return {
      async run({ fleets }) {
        await fleets.start(name);
        return `fleet ${name} started (${fleets.deviceIds(name).length} devices)`;
      },
    };
  },
};
