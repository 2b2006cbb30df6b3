/**
 * One run per board: a lock file per board identity under `.twinbench/locks` (created with O_EXCL),
 * holding the owner's pid, host and start time. A lock whose process is gone (same host) is stale
 * and taken over; a live one refuses with who holds it. Like labgrid's "places", but on one host.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { HIL_ERROR_CODES, HilError } from '../errors.ts';

export interface LockOwner {
  pid: number;
  host: string;
  since: string;
  board: string;
  /** What took it (`twinbench hil flash`, a scenario name). */
  purpose?: string;
}

export interface BoardLock {
  readonly path: string;
  release(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** A file name for a lock key (`serial:F4:12…` → `serial_F4_12…`). */
export function lockFileName(key: string): string {
  return `${key.replace(/[^A-Za-z0-9._-]/g, '_')}.lock`;
}

/** Is `pid` alive on this host? (`kill(pid, 0)`: ESRCH = gone, EPERM = alive but not ours.) */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireBoardLock(
  dir: string,
  key: string,
  owner: { board: string; purpose?: string },
  options: { alive?: (pid: number) => boolean; now?: () => number } = {},
): Promise<BoardLock> {
  const alive = options.alive ?? processAlive;
  const now = options.now ?? Date.now;
  await mkdir(dir, { recursive: true });
  const path = join(dir, lockFileName(key));
  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    since: new Date(now()).toISOString(),
    ...owner,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(`${JSON.stringify(me)}\n`);
      await fh.close();
      let released = false;
      const release = async () => {
        if (released) return;
        released = true;
        const holder = await readOwner(path);
        if (holder?.pid === me.pid && holder.since === me.since) await rm(path, { force: true });
      };
      return { path, release, [Symbol.asyncDispose]: release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = await readOwner(path);
    const stale = !holder || (holder.host === me.host && !alive(holder.pid));
    if (!stale) {
      throw new HilError(
        HIL_ERROR_CODES.BOARD_LOCKED,
        `Board ${owner.board} is in use by pid ${holder.pid} on ${holder.host} since ${holder.since}${holder.purpose ? ` (${holder.purpose})` : ''}. ` +
          `Wait for that run to end, or, if it is gone from another host, remove ${path}.`,
      );
    }
    await rm(path, { force: true }); // stale: its process is gone
  }
  throw new HilError(
    HIL_ERROR_CODES.BOARD_LOCKED,
    `Could not take the lock ${path}: other runs keep taking it.`,
  );
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}
