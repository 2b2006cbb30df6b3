import { describe, expect, it } from 'vitest';
import { TwinbenchError } from '../twin/index.ts';
import { STACK_ERROR_CODES, StackError } from './errors.ts';

describe('stack error codes', () => {
  it('are unique and follow TB_ERR_STACK_<WHAT>', () => {
    const codes = Object.values(STACK_ERROR_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^TB_ERR_STACK_[A-Z_]+$/);
  });

  it('are TwinbenchErrors with their code, cause, log tail and HTTP status', () => {
    const cause = new Error('inner');
    const err = new StackError(STACK_ERROR_CODES.NOT_READY, 'InfluxDB did not answer.', {
      cause,
      logTail: ['boom'],
      statusCode: 503,
    });
    expect(err).toBeInstanceOf(TwinbenchError);
    expect(err.code).toBe('TB_ERR_STACK_NOT_READY');
    expect(err.statusCode).toBe(503);
    expect(err.cause).toBe(cause);
    expect(err.name).toBe('StackError');
    expect(err.message).toBe('InfluxDB did not answer.\nLast log lines:\n  boom');
  });
});
