import { describe, expect, it } from 'vitest';
import { TwinbenchError } from '../twin/index.ts';
import { HIL_ERROR_CODES, HilError } from './errors.ts';

describe('hil errors', () => {
  it('has unique codes, all TB_ERR_HIL_*', () => {
    const codes = Object.values(HIL_ERROR_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^TB_ERR_HIL_[A-Z0-9_]+$/);
  });
  it('extends TwinbenchError and keeps the cause', () => {
    const cause = new Error('x');
    const e = new HilError(HIL_ERROR_CODES.LINK_OPEN, 'no', { cause });
    expect(e).toBeInstanceOf(TwinbenchError);
    expect(e.code).toBe('TB_ERR_HIL_LINK_OPEN');
    expect(e.cause).toBe(cause);
    expect(e.name).toBe('HilError');
  });
});
