/**
 * The `hil:` scenario section: which rig and which of its boards the scenario uses.
 *
 * ```yaml
 * hil:
 *   rig: ../rigs/desk.yaml        # relative to the scenario file
 *   duts: [dut1, gateway]         # board names or roles; default every board of the rig
 * # or, without a rig file:
 * hil:
 *   boards: { dut: { port: emulator:esp32s3 } }
 * ```
 * Opened when the scenario starts: every dut found, locked, its link open and its console logging
 * to `<logs>/<board>.log`; all stopped when the scenario ends.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import Type, { type Static } from 'typebox';
import type { SectionModule } from '../../scenarios/index.ts';
import { FlashCache } from '../flash/flash-cache.ts';
import { BoardBuilder } from '../rig/board.ts';
import { RigBoardSchema } from '../rig/rig-schema.ts';
import { parseRig, rigFromObject, RIG_DEFAULTS, type Rig } from '../rig/rig-file.ts';
import { traceWanted } from '../link/trace.ts';
import { writeUnityJUnit } from './unity-junit.ts';
import { HilSession, resolveDut, type HilPlan } from './hil-session.ts';

export const HilSectionSchema = Type.Object(
  {
    rig: Type.Optional(Type.String({ description: 'Rig file (YAML), relative to the scenario file.' })),
    boards: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9_.-]+$' }), RigBoardSchema)),
    duts: Type.Optional(
      Type.Array(Type.String(), { minItems: 1, description: 'Board names or roles; default all.' }),
    ),
    logs: Type.Optional(
      Type.String({ description: 'Console logs directory (default: the rig’s, or reports/hil).' }),
    ),
    trace: Type.Optional(
      Type.Boolean({ description: 'Byte-level trace of every link (also TB_HIL_TRACE=1).' }),
    ),
    cache: Type.Optional(Type.Boolean({ description: 'Skip flashing unchanged images (default true).' })),
  },
  { additionalProperties: false },
);
export type HilSectionSpec = Static<typeof HilSectionSchema>;

let rigOverride: string | undefined;

/**
 * Makes every `hil:` section use this rig file instead of its own `rig:`/`boards:` (`twinbench hil
 * run --rig desk.yaml`: the same scenario on the desk, on the rig and in CI). Its duts still select
 * by name or role. `undefined` turns it off.
 */
export function setHilRigOverride(path: string | undefined): void {
  rigOverride = path === undefined ? undefined : resolve(path);
}

export const hilSection: SectionModule<HilSectionSpec, HilPlan | undefined, HilSession> = {
  key: 'hil',
  schema: HilSectionSchema,
  compile(spec, ctx) {
    if (!rigOverride && !spec.rig === !spec.boards) {
      ctx.error("give either 'rig: <file>' or 'boards: {…}'");
      return undefined;
    }
    let rig: Rig;
    try {
      if (rigOverride) {
        rig = parseRig(readFileSync(rigOverride, 'utf8'), rigOverride);
      } else if (spec.rig) {
        const path = isAbsolute(spec.rig)
          ? spec.rig
          : resolve(ctx.file ? dirname(ctx.file) : process.cwd(), spec.rig);
        rig = parseRig(readFileSync(path, 'utf8'), path);
      } else {
        rig = rigFromObject({ boards: spec.boards }, ctx.file ?? '<scenario>');
      }
    } catch (e) {
      ctx.error((e as Error).message, spec.rig ? '/rig' : '/boards');
      return undefined;
    }
    const duts = (spec.duts ?? rig.boards.map((b) => b.name)).flatMap((sel, i) => {
      const name = resolveDut({ duts: rig.boards }, sel);
      if (!name) {
        ctx.badReference(
          `no board or role '${sel}' in rig ${rig.source} (boards: ${rig.boards.map((b) => b.name).join(', ')})`,
          `/duts/${i}`,
        );
        return [];
      }
      return rig.boards.filter((b) => b.name === name);
    });
    return {
      rig,
      duts,
      logsDir: spec.logs ?? (rig.logsDir === RIG_DEFAULTS.logs ? RIG_DEFAULTS.logs : rig.logsDir),
      trace: spec.trace ?? traceWanted(),
      cache: spec.cache ?? true,
    };
  },
  async open(plan, ctx) {
    if (!plan) throw new Error('hil section did not compile');
    const cache = plan.cache ? new FlashCache() : undefined;
    const session = new HilSession(plan, cache);
    ctx.defer(async () => {
      for (const b of session.boards.values()) await b.stop();
      if (session.unityRuns.length > 0) {
        const file = await writeUnityJUnit(session.unityRuns, join(plan.logsDir, `unity-${Date.now()}.xml`));
        ctx.log.add({ t: ctx.clock.now(), source: 'runner', text: `Unity results in ${file}` });
      }
    });
    for (const board of plan.duts) {
      const started = await new BoardBuilder(board, { locksDir: plan.rig.locksDir })
        .withLogDir(plan.logsDir)
        .withFlashCache(cache)
        .withPurpose('scenario')
        .withTrace(plan.trace ? (line) => process.stderr.write(`${line}\n`) : undefined)
        .start();
      session.boards.set(board.name, started);
      ctx.log.add({
        t: ctx.clock.now(),
        source: 'runner',
        text: `hil: ${board.name} on ${started.link.info.path}`,
      });
    }
    return session;
  },
  exclusive: (plan) => Boolean(plan?.duts.some((b) => b.port?.kind !== 'emulator')),
};
