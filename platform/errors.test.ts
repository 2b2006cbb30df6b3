import { describe, expect, it } from 'vitest';
import { TwinbenchError } from '../twin/index.ts';
import { PLATFORM_ERRORS, PlatformError, type PlatformErrorName } from './errors.ts';

const entries = Object.entries(PLATFORM_ERRORS) as [PlatformErrorName, { code: string; status: number }][];

describe('platform error codes', () => {
  it('are unique', () => {
    const codes = entries.map(([, e]) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each(entries)('%s is TB_ERR_PLATFORM_%s', (name, { code }) => {
    expect(code).toBe(`TB_ERR_PLATFORM_${name}`);
  });

  it.each(entries)('%s maps to an HTTP error status', (_name, { status }) => {
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
  });

  it('travel on PlatformError with the status, message and cause', () => {
    const cause = new Error('root');
    const error = new PlatformError('UNKNOWN_DEVICE', 'No device x', { cause });
    expect(error).toMatchObject({
      name: 'PlatformError',
      code: 'TB_ERR_PLATFORM_UNKNOWN_DEVICE',
      statusCode: 404,
      message: 'No device x',
      cause,
    });
    expect(error).toBeInstanceOf(TwinbenchError);
  });

  it('are each documented in docs/platform.md', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(new URL('../docs/platform.md', import.meta.url), 'utf8');
    for (const [, { code, status }] of entries) expect(doc).toContain(`| \`${code}\` | ${status} |`);
  });
});
