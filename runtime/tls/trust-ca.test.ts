import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustCa } from './trust-ca.ts';

// A CA and a server certificate for 127.0.0.1 of its own, as the stack's PKI makes them.
const dir = mkdtempSync(path.join(tmpdir(), 'tb-trust-ca-'));
const f = (n: string) => path.join(dir, n);
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
let server: https.Server;
let url: string;

beforeAll(async () => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      ...EC,
      '-days',
      '1',
      '-subj',
      '/CN=test-ca',
      '-keyout',
      f('ca.key'),
      '-out',
      f('ca.crt'),
    ],
    { stdio: 'ignore' },
  );
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-CA',
      f('ca.crt'),
      '-CAkey',
      f('ca.key'),
      ...EC,
      '-days',
      '1',
      '-subj',
      '/CN=t',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      f('s.key'),
      '-out',
      f('s.crt'),
    ],
    { stdio: 'ignore' },
  );
  server = https.createServer({ cert: readFileSync(f('s.crt')), key: readFileSync(f('s.key')) }, (_q, r) =>
    r.end('ok'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('trustCa', () => {
  it('makes the global fetch trust a CA it refused before, once per file', async () => {
    await expect(fetch(url)).rejects.toThrow(/fetch failed/);
    trustCa(f('ca.crt'));
    const count = tls.getCACertificates('default').length;
    trustCa(f('ca.crt'));
    expect(tls.getCACertificates('default')).toHaveLength(count);
    expect((await fetch(url)).status).toBe(200);
  });
});
