import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { devicePassword } from '../../runtime/index.ts';
import { runCli } from '../test-support.ts';

describe('twinbench pki', () => {
  it('issue gives a board its password, certificate and key, registers it and copies the files', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tb-cli-pki-'));
    try {
      const pki = path.join(dir, 'pki');
      const out = path.join(dir, 'board');
      const res = await runCli(['pki', 'issue', 'lab-esp32-1', '--pki', pki, '--out', out, '--json']);
      expect(res.code, res.stderr).toBe(0);
      const c = JSON.parse(res.stdout) as { username: string; password: string; certFile: string };
      const secret = (await readFile(path.join(pki, 'device-secret'), 'utf8')).trim();
      expect(c.username).toBe('lab-esp32-1');
      expect(c.password).toBe(devicePassword(secret, 'lab-esp32-1'));
      expect(await readFile(path.join(pki, 'devices.txt'), 'utf8')).toBe('lab-esp32-1\n');
      expect(await readFile(path.join(out, 'lab-esp32-1.crt'), 'utf8')).toContain('BEGIN CERTIFICATE');
      expect(await readFile(path.join(out, 'ca.crt'), 'utf8')).toContain('BEGIN CERTIFICATE');

      const bad = await runCli(['pki', 'issue', 'no/slashes', '--pki', pki]);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/is not a device id/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('twinbench --listen', () => {
  it('refuses to open the broker to the network without device credentials, before binding anything', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tb-cli-listen-'));
    try {
      const res = await runCli([
        'stack',
        'up',
        '--foreground',
        '--stack',
        'local',
        '--listen',
        '0.0.0.0',
        '--state',
        path.join(dir, 'stack.json'),
      ]);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toMatch(/anonymous access.*--device-auth/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
