import { describe, expect, it } from 'vitest';
import { TWIN_ERROR_CODES, TwinError } from './errors.ts';

describe('twin error codes', () => {
  const entries = Object.entries(TWIN_ERROR_CODES);

  it('are unique', () => {
    const codes = entries.map(([, code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each(entries)('%s is TB_ERR_TWIN_%s', (key, code) => {
    expect(code).toBe(`TB_ERR_TWIN_${key}`);
  });

  it('are documented in the README table', async () => {
    const readme = (await import('./README.md?raw')).default;
    for (const [, code] of entries) expect(readme).toMatch(new RegExp(`^\\| ${code} +\\|`, 'm'));
  });

  it('travel on TwinError with the message and cause', () => {
    const cause = new Error('root');
    const error = new TwinError(TWIN_ERROR_CODES.TOPIC_BAD_PROFILE, 'bad', { cause });
    expect(error).toMatchObject({
      name: 'TwinError',
      code: 'TB_ERR_TWIN_TOPIC_BAD_PROFILE',
      message: 'bad',
      cause,
    });
  });
});
