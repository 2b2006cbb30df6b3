import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './test-support.ts';

describe('twinbench token', () => {
  it('creates (printing the token once), lists (never the token) and revokes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tb-cli-token-'));
    const file = path.join(dir, 'tokens.json');
    try {
      const made = await runCli(['token', 'create', '--role', 'operator', '--name', 'ci', '--file', file]);
      expect(made.code, made.stderr).toBe(0);
      const token = made.stdout.trim();
      expect(token).toMatch(/^tbk_[A-Za-z0-9_-]{43}$/);
      expect(made.stderr).toContain("operator token 'ci'");
      // The default file comes from TWINBENCH_TOKEN_FILE when --file is not given.
      const viewer = await runCli(['token', 'create', '--role', 'viewer'], { TWINBENCH_TOKEN_FILE: file });
      expect(viewer.code, viewer.stderr).toBe(0);
      expect(await readFile(file, 'utf8')).not.toContain(token);

      const list = await runCli(['token', 'list', '--file', file]);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/^name\s+role\s+created$/m);
      expect(list.stdout).toMatch(/^ci\s+operator\s+\d{4}-\d\d-\d\dT/m);
      expect(list.stdout).toMatch(/^viewer-[0-9a-f]{6}\s+viewer\s/m);
      expect(list.stdout).not.toContain('tbk_');
      const json = JSON.parse((await runCli(['token', 'list', '--json', '--file', file])).stdout) as {
        name: string;
      }[];
      expect(json.map((t) => t.name)).toContain('ci');

      const twice = await runCli(['token', 'create', '--role', 'admin', '--name', 'ci', '--file', file]);
      expect(twice.code).not.toBe(0);
      expect(twice.stderr).toContain('exists already');
      const badRole = await runCli(['token', 'create', '--role', 'root', '--file', file]);
      expect(badRole.code).not.toBe(0);
      expect(badRole.stderr).toMatch(/viewer, operator, admin/);

      const revoked = await runCli(['token', 'revoke', 'ci', '--file', file]);
      expect(revoked.code).toBe(0);
      expect((await runCli(['token', 'list', '--file', file])).stdout).not.toMatch(/^ci\s/m);
      const missing = await runCli(['token', 'revoke', 'ci', '--file', file]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('twinbench token list');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
