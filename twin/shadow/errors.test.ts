import { describe, expect, it } from 'vitest';
import { TWIN_ERROR_CODES as E, TwinbenchError } from '../errors.ts';
import { ShadowError } from './errors.ts';

describe('ShadowError', () => {
  it('is a TwinbenchError: string code, AWS numeric status as statusCode, cause', () => {
    const cause = new Error('root');
    const e = new ShadowError(409, E.SHADOW_VERSION_CONFLICT, 'Version conflict: …', {
      cause,
      clientToken: 't',
    });
    expect(e).toBeInstanceOf(TwinbenchError);
    expect(e).toMatchObject({
      name: 'ShadowError',
      code: 'TB_ERR_TWIN_SHADOW_VERSION_CONFLICT',
      statusCode: 409,
      clientToken: 't',
      cause,
    });
  });

  it('puts the AWS numeric code, not the string code, in the /rejected payload', () => {
    const e = new ShadowError(404, E.SHADOW_NOT_FOUND, 'No shadow exists', { clientToken: 'c' });
    expect(e.toPayload(1_700_000_000)).toEqual({
      code: 404,
      message: 'No shadow exists',
      timestamp: 1_700_000_000,
      clientToken: 'c',
    });
    expect(new ShadowError(400, E.SHADOW_INVALID_JSON, 'Invalid JSON').toPayload(5)).toEqual({
      code: 400,
      message: 'Invalid JSON',
      timestamp: 5,
    });
  });
});
