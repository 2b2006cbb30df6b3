import { describe, expect, it } from 'vitest';
import { TwinbenchError } from '../twin/index.ts';
import { FleetSpecError } from './fleet/spec-errors.ts';
import { SIMULATOR_ERROR_CODES, SimulatorError } from './errors.ts';

describe('simulator error codes', () => {
  it('are unique and follow TB_ERR_SIMULATOR_<WHAT>', () => {
    const codes = Object.values(SIMULATOR_ERROR_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^TB_ERR_SIMULATOR_[A-Z_]+$/);
  });

  it('carry their code and cause', () => {
    const cause = new Error('inner');
    const err = new SimulatorError(SIMULATOR_ERROR_CODES.BAD_FAULT, 'bad', { cause });
    expect(err.code).toBe('TB_ERR_SIMULATOR_BAD_FAULT');
    expect(err.cause).toBe(cause);
    expect(err.name).toBe('SimulatorError');
    expect(err).toBeInstanceOf(TwinbenchError);
    expect(err.statusCode).toBeUndefined();
  });

  it('include fleet spec errors, which keep their code and name', () => {
    const err = new FleetSpecError('fleet.yaml', [{ path: ['groups'], message: 'is required' }]);
    expect(err).toBeInstanceOf(TwinbenchError);
    expect(err).toBeInstanceOf(SimulatorError);
    expect(err.code).toBe('TB_ERR_SIMULATOR_BAD_SPEC');
    expect(err.name).toBe('FleetSpecError');
  });
});
