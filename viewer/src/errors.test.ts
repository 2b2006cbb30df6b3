import { describe, expect, it } from 'vitest';
import docs from '../../docs/viewer.md?raw';
import { VIEWER_ERROR_CODES } from './errors.ts';

describe('viewer error codes', () => {
  it('are unique, TB_ERR_VIEWER_ prefixed, and each has a row in docs/viewer.md', () => {
    const codes = Object.values(VIEWER_ERROR_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code).toMatch(/^TB_ERR_VIEWER_[A-Z_]+$/);
      expect(docs, `docs/viewer.md lists ${code}`).toContain(`| \`${code}\` |`);
    }
  });
});
