/**
 * The opened `hil:` section of a scenario: its boards started (found, locked, console attached),
 * looked up by the steps' `dut` (a board name or role; default the first dut), and the Unity runs
 * the steps collected, for the JUnit report.
 */
import { HIL_ERROR_CODES, HilError } from '../errors.ts';
import type { FlashCache } from '../flash/flash-cache.ts';
import type { StartedBoard } from '../rig/board.ts';
import type { Rig, RigBoard } from '../rig/rig-file.ts';
import type { UnityResult } from '../console/unity.ts';

/** The `hil:` section, compiled (what steps see at load time). */
export interface HilPlan {
  rig: Rig;
  /** The boards the scenario uses, in order; the first is the default dut. */
  duts: RigBoard[];
  logsDir: string;
  trace: boolean;
  cache: boolean;
}

export interface UnityRun {
  dut: string;
  /** The step's label, also the JUnit test suite's name. */
  step: string;
  result: UnityResult;
  at: number;
}

export class HilSession {
  readonly plan: HilPlan;
  readonly boards = new Map<string, StartedBoard>();
  readonly unityRuns: UnityRun[] = [];
  readonly cache: FlashCache | undefined;

  constructor(plan: HilPlan, cache: FlashCache | undefined) {
    this.plan = plan;
    this.cache = cache;
  }

  /** The board a step means: by name, then by role; the first dut when `selector` is undefined. */
  board(selector: string | undefined): StartedBoard {
    const name = selector === undefined ? this.plan.duts[0]?.name : resolveDut(this.plan, selector);
    const board = name === undefined ? undefined : this.boards.get(name);
    if (!board) {
      throw new HilError(
        HIL_ERROR_CODES.STEP_INVALID,
        `No started board '${selector ?? name}' in this scenario.`,
      );
    }
    return board;
  }
}

/** Name of the dut a selector means, or undefined (compile-time check; by name, then by role). */
export function resolveDut(plan: Pick<HilPlan, 'duts'>, selector: string): string | undefined {
  return (plan.duts.find((b) => b.name === selector) ?? plan.duts.find((b) => b.role === selector))?.name;
}
