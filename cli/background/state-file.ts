import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StackInfo } from '../../stack/index.ts';

/** What `stack up` records so that `status` and `down` find exactly what it started. */
export interface StackState {
  status: 'starting' | 'ready' | 'failed';
  /** The supervisor process holding the stack. */
  pid: number;
  stackId?: string;
  startedAt: string;
  info?: StackInfo;
  error?: string;
}

export const DEFAULT_STATE_FILE = '.twinbench/stack.json';

export async function readState(file: string): Promise<StackState | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}

/** Written atomically (rename) so a reader never sees half a file. */
export async function writeState(file: string, state: StackState): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2) + '\n');
  await rename(tmp, file);
}

export async function removeState(file: string): Promise<void> {
  await rm(file, { force: true });
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
