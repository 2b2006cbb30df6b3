import Type, { type Static } from 'typebox';
import type { ActionModule } from '../../../scenarios/index.ts';
import { parseResetSequence } from '../../link/reset-sequence.ts';
import { boardFor, compileDut, DutField } from '../common.ts';

/**
 * `hil.reset`: resets a board into its app (the rig's `reset.app`, default `hard`), or runs a given
 * sequence. Old console output is dropped first, so the next `hil.expect` sees the new boot.
 */
export const HilResetSchema = Type.Union([
  Type.Null(),
  Type.String({ description: 'the dut' }),
  Type.Object(
    {
      dut: DutField,
      sequence: Type.Optional(Type.String({ description: 'esptool notation or a name (hard, classic…)' })),
    },
    { additionalProperties: false },
  ),
]);
export type HilResetSpec = Static<typeof HilResetSchema>;

const asObject = (s: HilResetSpec): { dut?: string; sequence?: string } =>
  s === null ? {} : typeof s === 'string' ? { dut: s } : s;

export const hilResetAction: ActionModule<HilResetSpec> = {
  key: 'hil.reset',
  schema: HilResetSchema,
  label: (spec) => `reset ${asObject(spec).dut ?? 'dut'}`,
  compile(spec, ctx) {
    const s = asObject(spec);
    const dut = compileDut(s.dut, ctx, 'hil.reset');
    if (s.sequence) {
      try {
        parseResetSequence(s.sequence);
      } catch (e) {
        ctx.error((e as Error).message, '/sequence');
      }
    }
    return {
      async run(rc) {
        const board = boardFor(rc, dut);
        await board.reset(s.sequence);
        return `reset ${board.name}${s.sequence ? ` with ${s.sequence}` : ''}`;
      },
    };
  },
};
