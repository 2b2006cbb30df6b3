import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findToken, readTokenFile } from '../runtime/index.ts';
import { startPlatformProcess } from './platform-process.ts';
import { prepareRunAuth } from './run-token.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe("a run's API token", () => {
  it('is an admin token in a temporary file, removed at release', async () => {
    const run = await prepareRunAuth({ logLevel: 'warn' });
    expect(run.config).toMatchObject({ logLevel: 'warn', auth: { tokenFile: run.tokenFile } });
    const { tokens } = await readTokenFile(run.tokenFile as string);
    expect(findToken(tokens, run.token as string)?.role).toBe('admin');
    await run.release();
    expect(existsSync(run.tokenFile as string)).toBe(false);
  });

  it("joins a given token file (the config's wins) and is revoked from it at release, leaving the rest", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tb-run-token-'));
    dirs.push(dir);
    const file = path.join(dir, 'tokens.json');
    const other = await prepareRunAuth({}, file);
    const run = await prepareRunAuth(
      { auth: { tokenFile: file, origins: ['https://a.example'] } },
      'ignored.json',
    );
    expect(run.config.auth).toEqual({ tokenFile: file, origins: ['https://a.example'] });
    expect((await readTokenFile(file)).tokens).toHaveLength(2);
    await run.release();
    const left = (await readTokenFile(file)).tokens;
    expect(left).toHaveLength(1);
    expect(findToken(left, other.token as string)).toBeDefined();
    await other.release();
  });

  it("leaves auth 'off' alone, and refuses it on a stack opened to the network", async () => {
    const off = await prepareRunAuth({ auth: 'off' });
    expect(off).toMatchObject({ token: undefined, tokenFile: undefined, config: { auth: 'off' } });
    const stack = {
      mqttUrl: 'mqtt://127.0.0.1:1',
      mqtt: { host: '127.0.0.1', port: 1 },
      influx: { url: 'http://127.0.0.1:1', db: 'x' },
      listen: '0.0.0.0',
    };
    await expect(startPlatformProcess(stack, { config: { auth: 'off' } })).rejects.toMatchObject({
      code: 'TB_ERR_STACK_BAD_OPTIONS',
      message: expect.stringContaining('--listen 0.0.0.0'),
    });
  });
});
