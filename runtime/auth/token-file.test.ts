import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { roleAllows } from './roles.ts';
import { createToken, digestToken, findToken, readTokenFile, revokeToken } from './token-file.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function fileIn(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'tb-tokens-'));
  dirs.push(d);
  return path.join(d, 'state', 'tokens.json');
}

describe('token file', () => {
  it('creates a token that is found by its digest, keeps only the digest, and revokes it', async () => {
    const file = await fileIn();
    const { token, record } = await createToken(file, { role: 'operator', name: 'ci', now: () => 0 });
    expect(token).toMatch(/^tbk_[A-Za-z0-9_-]{43}$/);
    expect(record).toEqual({
      name: 'ci',
      role: 'operator',
      created: '1970-01-01T00:00:00.000Z',
      sha256: digestToken(token),
    });
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(token);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const { tokens } = await readTokenFile(file);
    expect(findToken(tokens, token)?.name).toBe('ci');
    expect(findToken(tokens, `${token}x`)).toBeUndefined();
    expect(await revokeToken(file, 'ci')).toBe(true);
    expect(await revokeToken(file, 'ci')).toBe(false);
    expect(findToken((await readTokenFile(file)).tokens, token)).toBeUndefined();
  });

  it('loses no token when several processes add at once', async () => {
    const file = await fileIn();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => createToken(file, { role: 'viewer', name: `t${i}` })),
    );
    expect((await readTokenFile(file)).tokens.map((t) => t.name).sort()).toHaveLength(12);
  });

  it('refuses a name twice and a bad name, saying what to do', async () => {
    const file = await fileIn();
    await createToken(file, { role: 'viewer', name: 'demo' });
    await expect(createToken(file, { role: 'viewer', name: 'demo' })).rejects.toThrow(/revoke it first/);
    await expect(createToken(file, { role: 'viewer', name: 'has space' })).rejects.toThrow(/letters, digits/);
  });

  it('reads a missing file as no tokens and names what is wrong in a bad one', async () => {
    const file = await fileIn();
    expect((await readTokenFile(file)).tokens).toEqual([]);
    await createToken(file, { role: 'admin', name: 'a' });
    const doc = JSON.parse(await readFile(file, 'utf8')) as { tokens: { role: string }[] };
    doc.tokens[0]!.role = 'root';
    await writeFile(file, JSON.stringify(doc));
    await expect(readTokenFile(file)).rejects.toMatchObject({
      code: 'TB_ERR_RUNTIME_TOKEN_FILE',
      message: expect.stringContaining('"root", not one of viewer, operator, admin'),
    });
    await writeFile(file, 'not json');
    await expect(readTokenFile(file)).rejects.toThrow(/is not JSON/);
  });

  it('orders roles: admin may all, viewer only reads', () => {
    expect(roleAllows('admin', 'operator')).toBe(true);
    expect(roleAllows('operator', 'viewer')).toBe(true);
    expect(roleAllows('viewer', 'operator')).toBe(false);
    expect(roleAllows('operator', 'admin')).toBe(false);
  });
});
