import type { ActionModule } from '../types.ts';
import { StopHow } from './restart.ts';

/** `stop_platform: stop | kill`: leaves the scenario's platform down until `start_platform`. */
export const stopPlatformAction: ActionModule<'stop' | 'kill'> = {
  key: 'stop_platform',
  schema: StopHow,
  label: (how) => `stop platform ${how}`,
  compile: (how) => ({
    async run({ platform }) {
      await platform.stop(how);
      return `platform ${how === 'kill' ? 'killed' : 'stopped'}`;
    },
  }),
};
