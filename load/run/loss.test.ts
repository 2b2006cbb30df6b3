import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatLoss, readLedger } from './loss.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the ledger', () => {
  it('keeps the last line of each device and is empty when no VU wrote one', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ledger-'));
    const file = path.join(dir, 'l.jsonl');
    const line = (id: string, sent: number) =>
      JSON.stringify({ id, type: 'env_sensor', sent, unacked: 0, unclean: false });
    await writeFile(file, `${line('a', 1)}\n${line('b', 2)}\n${line('a', 3)}\n`);
    expect(await readLedger(file)).toEqual([
      { id: 'a', type: 'env_sensor', sent: 3, unacked: 0, unclean: false },
      { id: 'b', type: 'env_sensor', sent: 2, unacked: 0, unclean: false },
    ]);
    expect(await readLedger(path.join(dir, 'missing.jsonl'))).toEqual([]);
  });
});

describe('the loss summary', () => {
  it('says none when nothing was lost and names what was', () => {
    const l = {
      devices: 2,
      sent: 10,
      unackedAtDrop: 0,
      rejected: 0,
      twins: { upToDate: 2, behind: 0, missing: 0, messagesBehind: 0 },
      influx: { stored: 10, lost: 0, extra: 0, devicesShort: [] },
      lost: 0,
    };
    expect(formatLoss(l)).toMatch(/^loss {6}none — 10 telemetry messages from 2 devices/);
    expect(
      formatLoss({ ...l, lost: 3, influx: { ...l.influx, stored: 7, lost: 3, devicesShort: ['x'] } }),
    ).toMatch(/3 message\(s\) lost[\s\S]*7 stored, 3 lost \(short: x…\)/);
  });
});
