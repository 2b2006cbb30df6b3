import Type, { type Static } from 'typebox';
import type { ActionModule } from '../../../scenarios/index.ts';
import { patternFromText } from '../../console/patterns.ts';
import { boardFor, compileDut, DutField, PatternField } from '../common.ts';

/**
 * `hil.expect`: waits for text on a board's console (buffer semantics: docs/hil.md). A string is
 * plain text, `/…/flags` a regular expression, a list any of them (`all: true`: every one).
 *
 * ```yaml
 * - hil.expect: "tb> "
 * - hil.expect: { dut: gateway, match: "/Project name: +(\\S+)/", within: 5s, not_matching: "/E \\(\\d+\\)/" }
 * ```
 */
export const HilExpectSchema = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Object(
    {
      dut: DutField,
      match: PatternField,
      all: Type.Optional(Type.Boolean()),
      not_matching: Type.Optional(PatternField),
      within: Type.Optional(
        Type.Union([Type.String(), Type.Number()], { description: 'How long to wait; default 10s.' }),
      ),
      panics: Type.Optional(Type.Union([Type.Literal('fail'), Type.Literal('ignore')])),
    },
    { additionalProperties: false },
  ),
]);
export type HilExpectSpec = Static<typeof HilExpectSchema>;

const asObject = (s: HilExpectSpec) => (typeof s === 'string' ? { match: s } : s);
const patterns = (p: string | string[]) => (Array.isArray(p) ? p.map(patternFromText) : patternFromText(p));

export const hilExpectAction: ActionModule<HilExpectSpec> = {
  key: 'hil.expect',
  schema: HilExpectSchema,
  label(spec) {
    const s = asObject(spec);
    return `${s.dut ?? 'dut'} console shows ${Array.isArray(s.match) ? s.match.join(s.all ? ' and ' : ' or ') : s.match}`;
  },
  compile(spec, ctx) {
    const s = asObject(spec);
    const dut = compileDut(s.dut, ctx, 'hil.expect');
    const timeoutMs = s.within === undefined ? 10_000 : ctx.durationMs(s.within, '/within');
    let match: ReturnType<typeof patterns>;
    let notMatching: ReturnType<typeof patterns> | undefined;
    try {
      match = patterns(s.match);
      notMatching = s.not_matching === undefined ? undefined : patterns(s.not_matching);
    } catch (e) {
      ctx.error(
        `not a valid regular expression: ${(e as Error).message}`,
        typeof spec === 'string' ? '' : '/match',
      );
      match = '';
    }
    return {
      async run(rc) {
        const board = boardFor(rc, dut);
        const m = await board.console.expect(match, {
          timeoutMs,
          all: s.all ?? false,
          ...(notMatching !== undefined ? { notMatching } : {}),
          ...(s.panics ? { panics: s.panics } : {}),
          signal: rc.signal,
        });
        return `${board.name} printed ${JSON.stringify(m.text.length > 80 ? `${m.text.slice(0, 77)}...` : m.text)}`;
      },
    };
  },
};
