import { describe, expect, it } from 'vitest';
import { STACK_ERROR_CODES } from './errors.ts';

describe('stack error codes', () => {
  it('are unique and follow TB_ERR_STACK_<WHAT>', () => {
    const codes = Object.values(STACK_ERROR_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^TB_ERR_STACK_[A-Z_]+$/);
  });
});
