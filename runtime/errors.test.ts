import { describe, expect, it } from 'vitest';
import { TwinbenchError } from '../twin/index.ts';
import { RUNTIME_ERROR_CODES, RuntimeError } from './errors.ts';

describe('runtime errors', () => {
  const entries = Object.entries(RUNTIME_ERROR_CODES);

  it('have unique codes named TB_ERR_RUNTIME_<key>', () => {
    expect(new Set(entries.map(([, c]) => c)).size).toBe(entries.length);
    for (const [key, code] of entries) expect(code).toBe(`TB_ERR_RUNTIME_${key}`);
  });

  it('extend TwinbenchError and carry the upstream status and cause', () => {
    const cause = new TypeError('fetch failed');
    const e = new RuntimeError(RUNTIME_ERROR_CODES.INFLUX_REQUEST, 'no answer', {
      cause,
      upstreamStatus: 400,
    });
    expect(e).toBeInstanceOf(TwinbenchError);
    expect(e).toMatchObject({ name: 'RuntimeError', code: 'TB_ERR_RUNTIME_INFLUX_REQUEST', cause });
    expect(e.upstreamStatus).toBe(400);
    expect(e.httpStatus).toBe(400);
    expect(e.statusCode).toBeUndefined();
  });
});
