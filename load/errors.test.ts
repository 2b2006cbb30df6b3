import { describe, expect, it } from 'vitest';
import { TwinbenchError } from '../twin/index.ts';
import { LOAD_ERROR_CODES, LoadError } from './errors.ts';

describe('load errors', () => {
  const entries = Object.entries(LOAD_ERROR_CODES);

  it('have unique codes named TB_ERR_LOAD_<key>', () => {
    expect(new Set(entries.map(([, c]) => c)).size).toBe(entries.length);
    for (const [key, code] of entries) expect(code).toBe(`TB_ERR_LOAD_${key}`);
  });

  it('extend TwinbenchError and keep their cause', () => {
    const cause = new Error('ECONNREFUSED');
    const e = new LoadError(LOAD_ERROR_CODES.NO_BROKER, 'no broker', { cause });
    expect(e).toBeInstanceOf(TwinbenchError);
    expect(e).toMatchObject({ name: 'LoadError', code: 'TB_ERR_LOAD_NO_BROKER', cause });
  });
});
