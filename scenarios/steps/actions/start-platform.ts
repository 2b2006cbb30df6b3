import Type from 'typebox';
import type { ActionModule } from '../types.ts';

/** `start_platform: true`: starts the platform again after `stop_platform`. */
export const startPlatformAction: ActionModule<boolean> = {
  key: 'start_platform',
  schema: Type.Boolean({ description: 'true: start the platform again after stop_platform' }),
  label: (yes) => `start platform ${String(yes)}`,
  compile: () => ({
    async run({ platform }) {
      await platform.start();
      return `platform started at ${platform.url}`;
    },
  }),
};
