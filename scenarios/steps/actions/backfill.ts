import Type, { type Static } from 'typebox';
import { formatDuration } from '../../../twin/index.ts';
import { Duration, Name } from '../../format/schema/common.ts';
import { short } from '../refs.ts';
import type { ActionModule } from '../types.ts';

export const BackfillSchema = Type.Object(
  { fleet: Type.Optional(Name), duration: Duration, interval: Type.Optional(Duration) },
  { additionalProperties: false, description: 'publish history with past timestamps' },
);

export type BackfillSpec = Static<typeof BackfillSchema>;

/** `backfill: { fleet?, duration, interval? }`: history with past timestamps (every running fleet by default). */
export const backfillAction: ActionModule<BackfillSpec> = {
  key: 'backfill',
  schema: BackfillSchema,
  label: (spec) => `backfill ${short(spec)}`,
  compile(spec, ctx) {
    ctx.fleet(spec.fleet, '/fleet');
    const durationMs = ctx.durationMs(spec.duration, '/duration');
    const intervalMs = spec.interval !== undefined ? ctx.durationMs(spec.interval, '/interval') : undefined;
    return {
      async run({ fleets }) {
        const names = spec.fleet ? [spec.fleet] : fleets.names().filter((f) => fleets.isRunning(f));
        let messages = 0;
        for (const fleet of names) {
          const r = await fleets.backfill(fleet, {
            durationMs,
            ...(intervalMs !== undefined ? { intervalMs } : {}),
          });
          messages += r.messages;
        }
        return `backfilled ${formatDuration(durationMs)} of history (${messages} messages)`;
      },
    };
  },
};
