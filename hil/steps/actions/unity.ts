import Type, { type Static } from 'typebox';
import type { ActionModule } from '../../../scenarios/index.ts';
import { HIL_ERROR_CODES, HilError } from '../../errors.ts';
import { boardFor, compileDut, DutField, sessionOf } from '../common.ts';

/**
 * `hil.unity`: optionally types a line that starts the tests, waits for Unity's summary and turns
 * the run into test cases (JUnit: `<logs>/unity-*.xml`). Fails the step when a test failed, unless
 * `allow_failures`.
 *
 * ```yaml
 * - hil.unity: { run: selftest, within: 60s }
 * ```
 */
export const HilUnitySchema = Type.Union([
  Type.Null(),
  Type.Object(
    {
      dut: DutField,
      run: Type.Optional(
        Type.String({ description: 'A line to send first (e.g. "*" for ESP-IDF’s unity menu: all tests).' }),
      ),
      within: Type.Optional(Type.Union([Type.String(), Type.Number()], { description: 'default 60s' })),
      allow_failures: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
]);
export type HilUnitySpec = Static<typeof HilUnitySchema>;

export const hilUnityAction: ActionModule<HilUnitySpec> = {
  key: 'hil.unity',
  schema: HilUnitySchema,
  label: (spec) => `Unity tests on ${spec?.dut ?? 'dut'}`,
  compile(spec, ctx) {
    const s = spec ?? {};
    const dut = compileDut(s.dut, ctx, 'hil.unity');
    const timeoutMs = s.within === undefined ? 60_000 : ctx.durationMs(s.within, '/within');
    const label = hilUnityAction.label(spec);
    return {
      async run(rc) {
        const board = boardFor(rc, dut);
        if (s.run !== undefined) await board.console.send(s.run);
        const result = await board.console.expectUnity({ timeoutMs, signal: rc.signal });
        sessionOf(rc).unityRuns.push({ dut: board.name, step: label, result, at: rc.clock.now() });
        for (const c of result.cases) {
          rc.log.add({
            t: rc.clock.now(),
            source: 'action',
            text: `unity ${board.name} ${c.status} ${c.name} (${c.file}:${c.line})${c.message ? `: ${c.message}` : ''}`,
          });
        }
        const summary = `${board.name}: ${result.tests} Unity tests, ${result.failures} failed, ${result.ignored} ignored`;
        if (result.failures > 0 && !s.allow_failures) {
          const failed = result.cases.filter((c) => c.status === 'FAIL');
          throw new HilError(
            HIL_ERROR_CODES.UNITY_FAILED,
            `${summary}:\n${failed.map((c) => `  ${c.file}:${c.line}: ${c.name}: ${c.message ?? 'FAIL'}`).join('\n')}`,
          );
        }
        return summary;
      },
    };
  },
};
