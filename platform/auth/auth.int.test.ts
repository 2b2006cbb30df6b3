// API tokens, roles, origins and rate limits against the real platform process (docs/security.md).
import { request } from 'node:http';
import net from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, revokeToken } from '../../runtime/index.ts';
import { startPlatform, startStack, type StartedPlatform, type StartedStack } from '../../stack/index.ts';

let stack: StartedStack;
let platform: StartedPlatform;
let dir: string;
let file: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tb-auth-'));
  file = path.join(dir, 'tokens.json');
  for (const [name, role] of [
    ['viewer', 'viewer'],
    ['operator', 'operator'],
    ['admin', 'admin'],
    ['burst', 'viewer'],
    ['doomed', 'viewer'],
    ['screen', 'viewer'],
  ] as const)
    tokens[name] = (await createToken(file, { role, name })).token;
  stack = await startStack({ mode: (process.env.TWINBENCH_TEST_STACK as 'auto' | undefined) ?? 'auto' });
  platform = await startPlatform(stack.info, {
    tokenFile: file,
    config: {
      logLevel: 'warn',
      auth: {
        origins: ['https://dashboard.example.com'],
        rateLimit: { perTokenPerMinute: 40, perAddressPerMinute: 25 },
        streamAuthTimeoutMs: 1_000,
      },
    },
  }).catch(async (err: unknown) => {
    await stack.stop();
    throw err;
  });
});

afterAll(async () => {
  await platform?.stop();
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function call(
  method: string,
  p: string,
  o: { token?: string; body?: unknown; origin?: string; authorization?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.authorization) headers.authorization = o.authorization;
  if (o.origin) headers.origin = o.origin;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${platform.url}${p}`, {
    method,
    headers,
    ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as never };
}

/** A raw WebSocket upgrade: its HTTP status (101, or the refusal) without a WebSocket library. */
function upgradeStatus(headers: Record<string, string>): Promise<number> {
  const url = new URL(`${platform.url}/stream`);
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      path: '/stream',
      agent: false,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens the stream; resolves with its frames and how it closed. */
function openStream(o: { header?: string; first?: unknown }) {
  const ws = new WebSocket(
    `${platform.wsUrl}/stream?kinds=device`,
    o.header ? { headers: { authorization: `Bearer ${o.header}` } } : undefined,
  );
  const frames: unknown[] = [];
  ws.addEventListener('message', (e) => frames.push(...(JSON.parse(String(e.data)) as unknown[])));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.addEventListener('close', (e) => resolve({ code: e.code, reason: e.reason })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => {
      if (o.first !== undefined) ws.send(JSON.stringify(o.first));
      resolve();
    });
    ws.addEventListener('error', () => reject(new Error('stream error')));
  });
  return { ws, frames, closed, opened };
}

describe('API tokens on REST', () => {
  it('answers 401 without a token or with an unknown one, saying how to get one', async () => {
    const none = await call('GET', '/devices');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({
      code: 'TB_ERR_PLATFORM_UNAUTHORIZED',
      message: expect.stringContaining('twinbench token create'),
    });
    expect((await call('GET', '/devices', { token: 'tbk_not-a-token' })).status).toBe(401);
    expect((await call('GET', '/devices', { authorization: 'Basic Zm9vOmJhcg==' })).status).toBe(401);
  });

  it('lets a viewer read but not act (403 naming the role needed); an operator acts; an admin registers', async () => {
    expect((await call('GET', '/devices', { token: tokens.viewer })).status).toBe(200);
    const refusedRegister = await call('POST', '/devices', {
      token: tokens.operator,
      body: { id: 'auth-brk-1', type: 'smart_breaker' },
    });
    expect(refusedRegister.status).toBe(403);
    const registered = await call('POST', '/devices', {
      token: tokens.admin,
      body: { id: 'auth-brk-1', type: 'smart_breaker' },
    });
    expect(registered.status).toBe(201);
    expect((await call('GET', '/devices/auth-brk-1', { token: tokens.viewer })).status).toBe(200);
    const refused = await call('POST', '/devices/auth-brk-1/commands', {
      token: tokens.viewer,
      body: { name: 'open' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: 'TB_ERR_PLATFORM_FORBIDDEN',
      message: expect.stringContaining('needs the operator role'),
    });
    const desired = await call('PATCH', '/devices/auth-brk-1/desired', {
      token: tokens.viewer,
      body: { interval_s: 30 },
    });
    expect(desired.status).toBe(403);
    const sent = await call('POST', '/devices/auth-brk-1/commands', {
      token: tokens.operator,
      body: { name: 'open' },
    });
    expect(sent.status).toBe(202);
    expect(
      (await call('GET', `/commands/${(sent.body as { id: string }).id}`, { token: tokens.viewer })).status,
    ).toBe(200);
  });

  it('keeps /health and /metrics open on loopback and the OpenAPI document shows the scheme and roles', async () => {
    expect((await call('GET', '/health')).status).toBe(200);
    expect((await fetch(`${platform.url}/metrics`)).status).toBe(200);
    const doc = (await call('GET', '/docs/json')).body as {
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
      security: unknown[];
      paths: Record<string, Record<string, { 'x-twinbench-role'?: string; description?: string }>>;
    };
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/devices']?.post?.['x-twinbench-role']).toBe('admin');
    expect(doc.paths['/devices/{id}/commands']?.post?.['x-twinbench-role']).toBe('operator');
    expect(doc.paths['/devices']?.get?.['x-twinbench-role']).toBe('viewer');
    expect(doc.paths['/devices/{id}/commands']?.post?.description).toContain('Needs role: operator');
  });

  it('refuses a revoked token within a couple of seconds', async () => {
    expect((await call('GET', '/devices', { token: tokens.doomed })).status).toBe(200);
    await revokeToken(file, 'doomed');
    const deadline = Date.now() + 5_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await call('GET', '/devices', { token: tokens.doomed })).status;
    }
    expect(status).toBe(401);
  });

  it('keeps digests only in the token file, never a token', async () => {
    const text = await readFile(file, 'utf8');
    for (const t of Object.values(tokens)) expect(text).not.toContain(t);
    expect(text).toContain('"sha256"');
    // The run's own admin token (StartedPlatform.token) is in the same file, as a digest.
    expect(platform.token).toMatch(/^tbk_/);
    expect(text).not.toContain(platform.token as string);
  });
});

describe('API tokens and origins on the stream', () => {
  it('refuses an upgrade with an unknown token in the header (401), and one from a foreign origin (403)', async () => {
    expect(await upgradeStatus({ authorization: 'Bearer tbk_nope' })).toBe(401);
    expect(
      await upgradeStatus({ authorization: `Bearer ${tokens.viewer}`, origin: 'https://evil.example' }),
    ).toBe(403);
    // DNS rebinding: a foreign name whose Host matches its own Origin is still a foreign page.
    expect(
      await upgradeStatus({
        authorization: `Bearer ${tokens.viewer}`,
        origin: `http://rebound.example:${new URL(platform.url).port}`,
        host: `rebound.example:${new URL(platform.url).port}`,
      }),
    ).toBe(403);
    expect(await upgradeStatus({ authorization: `Bearer ${tokens.viewer}`, origin: platform.url })).toBe(101);
    expect(
      await upgradeStatus({
        authorization: `Bearer ${tokens.viewer}`,
        origin: 'https://dashboard.example.com',
      }),
    ).toBe(101);
  });

  it("closes a refused upgrade's connection itself (one left open held the platform's shutdown 15 s)", async () => {
    // By hand, half-open, so only the platform's own FIN ends it.
    const url = new URL(platform.url);
    const socket = net.connect({ host: url.hostname, port: Number(url.port), allowHalfOpen: true });
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString()));
    socket.write(
      [
        'GET /stream HTTP/1.1',
        `Host: ${url.host}`,
        'Connection: Upgrade',
        'Upgrade: websocket',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Authorization: Bearer tbk_nope',
        '',
        '',
      ].join('\r\n'),
    );
    const ended = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 3_000);
      socket.once('end', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    socket.destroy();
    expect(text).toMatch(/^HTTP\/1\.1 401 /);
    expect(ended, 'the platform closes the connection within 3 s').toBe(true);
  });

  it('closes a stream that sends no token (4401) or a bad first message, and serves one that authenticates', async () => {
    const silent = openStream({});
    await silent.opened;
    expect(await silent.closed).toMatchObject({
      code: 4401,
      reason: expect.stringContaining('"type":"auth"'),
    });
    const wrong = openStream({ first: { type: 'auth', token: 'tbk_nope' } });
    await wrong.opened;
    expect((await wrong.closed).code).toBe(4401);

    const byMessage = openStream({ first: { type: 'auth', token: tokens.viewer } });
    const byHeader = openStream({ header: tokens.viewer });
    await Promise.all([byMessage.opened, byHeader.opened]);
    // The auth message is handled before the change is made: give it a moment to arrive.
    await new Promise((r) => setTimeout(r, 300));
    expect(
      (await call('PATCH', '/devices/auth-brk-1', { token: tokens.admin, body: { name: 'renamed' } })).status,
    ).toBe(200);
    await expect.poll(() => byMessage.frames.length, { timeout: 5_000 }).toBeGreaterThan(0);
    await expect.poll(() => byHeader.frames.length, { timeout: 5_000 }).toBeGreaterThan(0);
    byMessage.ws.close();
    byHeader.ws.close();
  });

  it('closes a stream (4401) when its token is revoked', async () => {
    const screen = openStream({ first: { type: 'auth', token: tokens.screen } });
    await screen.opened;
    await new Promise((r) => setTimeout(r, 300));
    await revokeToken(file, 'screen');
    expect(await screen.closed).toMatchObject({ code: 4401, reason: expect.stringContaining('revoked') });
  });

  it('answers a REST call from a foreign origin 403, and CORS only for allowed ones', async () => {
    const foreign = await call('GET', '/devices', { token: tokens.viewer, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ code: 'TB_ERR_PLATFORM_ORIGIN_REFUSED' });
    const allowed = await call('GET', '/devices', {
      token: tokens.viewer,
      origin: 'https://dashboard.example.com',
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dashboard.example.com');
    const preflight = await fetch(`${platform.url}/devices/auth-brk-1/commands`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://dashboard.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the per-token limit, other tokens unaffected', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 45; i++) {
      const r = await call('GET', '/devices', { token: tokens.burst });
      statuses.push(r.status);
      if (r.status === 429) retryAfter ??= r.headers.get('retry-after');
    }
    expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(40).every((s) => s === 429)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect((await call('GET', '/devices', { token: tokens.viewer })).status).toBe(200);
  });

  it('counts requests without a valid token per address, so guessing tokens hits 429', async () => {
    let last = 0;
    let retryAfter: string | null = null;
    for (let i = 0; i < 30 && last !== 429; i++) {
      const r = await call('GET', '/devices', { token: `tbk_guess${i}` });
      last = r.status;
      retryAfter = r.headers.get('retry-after');
    }
    expect(last).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
