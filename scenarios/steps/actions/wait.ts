import { formatDuration } from '../../../twin/index.ts';
import { Duration } from '../../format/schema/common.ts';
import type { ActionModule } from '../types.ts';

/** `wait: 5s`: a pause. */
export const waitAction: ActionModule<string | number> = {
  key: 'wait',
  schema: Duration,
  label: (d) => `wait ${String(d)}`,
  compile(d, ctx) {
    const ms = ctx.durationMs(d);
    return {
      async run({ clock, signal }) {
        await clock.sleep(ms, signal);
        return `waited ${formatDuration(ms)}`;
      },
    };
  },
};
