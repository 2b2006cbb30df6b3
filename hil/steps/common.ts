/** What every HIL step shares: the `dut` field, its compile-time check and the run-time lookup. */
import Type from 'typebox';
import type { ActionRunContext, StepCompileContext } from '../../scenarios/index.ts';
import type { StartedBoard } from '../rig/board.ts';
import { resolveDut, type HilPlan, type HilSession } from './hil-session.ts';

export const DutField = Type.Optional(
  Type.String({ description: 'Board name or role from the hil section; default the first dut.' }),
);

/** Checks the scenario has a `hil:` section and the dut exists; returns the dut's name. */
export function compileDut(
  dut: string | undefined,
  ctx: StepCompileContext,
  step: string,
): string | undefined {
  const plan = ctx.sections.get<HilPlan | undefined>('hil');
  if (!ctx.sections.has('hil')) {
    ctx.error(
      `${step} needs a 'hil:' section naming the rig and its duts (hil: { rig: rig.yaml } or hil: { boards: { dut: { port: emulator:esp32s3 } } })`,
    );
    return undefined;
  }
  if (!plan) return undefined; // the section itself is wrong: reported there
  if (dut === undefined) return plan.duts[0]?.name;
  const name = resolveDut(plan, dut);
  if (!name)
    ctx.badReference(
      `no dut '${dut}' in the hil section (duts: ${plan.duts.map((b) => b.name).join(', ')})`,
      '/dut',
    );
  return name;
}

export function boardFor(ctx: ActionRunContext, dut: string | undefined): StartedBoard {
  const session = ctx.sections.get<HilSession>('hil');
  if (!session) throw new Error("the scenario's hil section is not open");
  return session.board(dut);
}

export function sessionOf(ctx: ActionRunContext): HilSession {
  const session = ctx.sections.get<HilSession>('hil');
  if (!session) throw new Error("the scenario's hil section is not open");
  return session;
}

/** A YAML pattern: `/regex/flags` or plain text; lists stay lists. */
export const PatternField = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
]);
