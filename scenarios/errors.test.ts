import { describe, expect, it } from 'vitest';
import { TwinbenchError } from '../twin/index.ts';
import { codeOf, formatIssue, SCENARIOS_ERROR_CODES, ScenarioError } from './errors.ts';

describe('scenarios error codes', () => {
  it('are unique and follow TB_ERR_SCENARIOS_<WHAT>', () => {
    const codes = Object.values(SCENARIOS_ERROR_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^TB_ERR_SCENARIOS_[A-Z_]+$/);
  });

  it('formats an issue as file:line:col when it has a location', () => {
    expect(formatIssue({ path: '/a', message: 'bad', location: { file: 'x.yaml', line: 3, col: 5 } })).toBe(
      'x.yaml:3:5: bad',
    );
    expect(formatIssue({ path: '/a', message: 'bad' }, 'my scenario')).toBe('my scenario /a: bad');
  });

  it('are TwinbenchErrors, and codeOf reads any twinbench error without duck-typing', () => {
    const err = new ScenarioError(SCENARIOS_ERROR_CODES.STACK, 'no stack', { cause: new Error('x') });
    expect(err).toBeInstanceOf(TwinbenchError);
    expect(err.name).toBe('ScenarioError');
    expect(codeOf(err, 'fallback')).toBe('TB_ERR_SCENARIOS_STACK');
    expect(codeOf(Object.assign(new Error('not ours'), { code: 'ECONNREFUSED' }), 'fallback')).toBe(
      'fallback',
    );
  });
});
