import Type, { type Static } from 'typebox';
import { formatDuration } from '../../../twin/index.ts';
import { Duration, Name } from '../../format/schema/common.ts';
import { short } from '../refs.ts';
import type { ActionModule } from '../types.ts';

export const AdvanceSchema = Type.Union(
  [Duration, Type.Object({ by: Duration, fleet: Type.Optional(Name) }, { additionalProperties: false })],
  { description: "move fleets' virtual time forward: a duration or {by, fleet}" },
);

export type AdvanceSpec = Static<typeof AdvanceSchema>;

/** `advance: 1h` or `{ by, fleet }`: fleets' virtual time jumps forward. */
export const advanceAction: ActionModule<AdvanceSpec> = {
  key: 'advance',
  schema: AdvanceSchema,
  label: (spec) => `advance ${short(spec)}`,
  compile(spec, ctx) {
    const fleet = typeof spec === 'object' ? spec.fleet : undefined;
    ctx.fleet(fleet, '/fleet');
    const ms = typeof spec === 'object' ? ctx.durationMs(spec.by, '/by') : ctx.durationMs(spec);
    return {
      async run({ fleets }) {
        await fleets.advance(ms, fleet);
        return `virtual time of ${fleet ?? 'every fleet'} advanced by ${formatDuration(ms)}`;
      },
    };
  },
};
