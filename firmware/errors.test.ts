import { describe, expect, it } from 'vitest';
import { TwinbenchError } from '../twin/index.ts';
import { FIRMWARE_ERROR_CODES, FirmwareError } from './errors.ts';

describe('firmware errors', () => {
  it('has unique codes, all TB_ERR_FIRMWARE_*', () => {
    const codes = Object.values(FIRMWARE_ERROR_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^TB_ERR_FIRMWARE_[A-Z_]+$/);
  });

  it('is a TwinbenchError carrying its code', () => {
    const e = new FirmwareError(FIRMWARE_ERROR_CODES.NOT_BUILT, 'not built');
    expect(e).toBeInstanceOf(TwinbenchError);
    expect(e.code).toBe('TB_ERR_FIRMWARE_NOT_BUILT');
    expect(e.name).toBe('FirmwareError');
  });
});
