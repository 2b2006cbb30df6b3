/**
 * API tokens for a platform the stack starts (docs/security.md): unless its config says
 * `auth: 'off'`, the platform runs with a token file, and the run gets an admin token of its own that
 * the stack hands to its own clients (`StartedPlatform.token`) and revokes when the platform stops.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createToken, revokeToken } from '../runtime/index.ts';

export interface RunAuth {
  /** The platform config with `auth` set (unchanged when it says 'off'). */
  config: Record<string, unknown>;
  /** The run's admin token; undefined with auth off. */
  token: string | undefined;
  /** The token file the platform reads; undefined with auth off. */
  tokenFile: string | undefined;
  /** Revokes the run's token and removes a temporary token file. */
  release(): Promise<void>;
}

/**
 * @param config the platform config; its `auth.tokenFile` wins over `tokenFile`.
 * @param tokenFile default: a new file in a temporary folder, removed at release().
 */
export async function prepareRunAuth(config: Record<string, unknown>, tokenFile?: string): Promise<RunAuth> {
  if (config.auth === 'off')
    return { config, token: undefined, tokenFile: undefined, release: async () => undefined };
  const asked = (config.auth as { tokenFile?: string } | undefined) ?? {};
  let tmp: string | undefined;
  let file = asked.tokenFile ?? tokenFile;
  if (!file) {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'twinbench-tokens-'));
    file = path.join(tmp, 'tokens.json');
  }
  const name = `run-${process.pid}-${randomBytes(3).toString('hex')}`;
  const { token } = await createToken(file, { role: 'admin', name });
  let released = false;
  return {
    config: { ...config, auth: { ...asked, tokenFile: file } },
    token,
    tokenFile: file,
    async release() {
      if (released) return;
      released = true;
      if (tmp) await rm(tmp, { recursive: true, force: true });
      else await revokeToken(file, name).catch(() => undefined);
    },
  };
}
