import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HIL_ERROR_CODES } from '../errors.ts';
import { acquireBoardLock, lockFileName } from './board-lock.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('board locks', () => {
  it('refuses a second taker while the first holds it, and frees on release', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tb-locks-'));
    const first = await acquireBoardLock(dir, 'serial:0001', { board: 'dut1', purpose: 'flash' });
    expect(JSON.parse(await readFile(first.path, 'utf8'))).toMatchObject({
      pid: process.pid,
      board: 'dut1',
      purpose: 'flash',
    });
    await expect(acquireBoardLock(dir, 'serial:0001', { board: 'dut1' })).rejects.toMatchObject({
      code: HIL_ERROR_CODES.BOARD_LOCKED,
      message: expect.stringContaining(`in use by pid ${process.pid}`),
    });
    await first.release();
    await using second = await acquireBoardLock(dir, 'serial:0001', { board: 'dut1' });
    expect(second.path).toBe(first.path);
  });

  it('takes over a stale lock whose process is gone', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tb-locks-'));
    const path = join(dir, lockFileName('loc:1-1.2'));
    await writeFile(
      path,
      JSON.stringify({ pid: 999_999_999, host: hostname(), since: '2020-01-01T00:00:00Z', board: 'x' }),
    );
    const lock = await acquireBoardLock(
      dir,
      'loc:1-1.2',
      { board: 'x' },
      { alive: (pid) => pid !== 999_999_999 },
    );
    expect(JSON.parse(await readFile(path, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('does not judge a lock from another host stale', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tb-locks-'));
    await writeFile(
      join(dir, lockFileName('k')),
      JSON.stringify({ pid: 1, host: 'other-host', since: 'x', board: 'b' }),
    );
    await expect(acquireBoardLock(dir, 'k', { board: 'b' }, { alive: () => false })).rejects.toMatchObject({
      code: HIL_ERROR_CODES.BOARD_LOCKED,
    });
  });
});
