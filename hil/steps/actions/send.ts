import Type, { type Static } from 'typebox';
import type { ActionModule } from '../../../scenarios/index.ts';
import { boardFor, compileDut, DutField } from '../common.ts';

/** `hil.send`: types a line on a board's console (the line ending is added). */
export const HilSendSchema = Type.Union([
  Type.String(),
  Type.Object({ dut: DutField, line: Type.String() }, { additionalProperties: false }),
]);
export type HilSendSpec = Static<typeof HilSendSchema>;

const asObject = (s: HilSendSpec) => (typeof s === 'string' ? { line: s } : s);

export const hilSendAction: ActionModule<HilSendSpec> = {
  key: 'hil.send',
  schema: HilSendSchema,
  label: (spec) => `send ${JSON.stringify(asObject(spec).line)} to ${asObject(spec).dut ?? 'dut'}`,
  compile(spec, ctx) {
    const s = asObject(spec);
    const dut = compileDut(s.dut, ctx, 'hil.send');
    return {
      async run(rc) {
        const board = boardFor(rc, dut);
        await board.console.send(s.line);
        return `sent ${JSON.stringify(s.line)} to ${board.name}`;
      },
    };
  },
};
