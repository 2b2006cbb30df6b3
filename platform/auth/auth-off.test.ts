import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { fakePlatform } from '../ports/fake-platform.ts';

function capture() {
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (l: string) => void lines.push(l) });
  return { lines, logger };
}

describe('auth off', () => {
  it('says so loudly at start and still refuses foreign origins', async () => {
    const { lines, logger } = capture();
    await using p = await fakePlatform({ logger, auth: 'off' });
    expect(lines.join('')).toContain('AUTH IS OFF');
    expect((await p.api('GET', '/devices')).status).toBe(200);
    const foreign = await p.app.inject({ url: '/devices', headers: { origin: 'https://evil.example' } });
    expect(foreign.statusCode).toBe(403);
  });

  it('refuses to listen beyond loopback without tokens unless off is said explicitly', async () => {
    await expect(fakePlatform({ http: { host: '0.0.0.0' } })).rejects.toMatchObject({
      code: 'TB_ERR_PLATFORM_BAD_CONFIG',
      message: expect.stringContaining("say auth: 'off'"),
    });
    const { logger } = capture();
    await using p = await fakePlatform({ logger, http: { host: '0.0.0.0' }, auth: 'off' });
    expect(p.app.auth.mode).toBe('off');
  });
});
