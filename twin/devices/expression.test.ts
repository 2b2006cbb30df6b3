import { describe, expect, it } from 'vitest';
import { evaluateExpression, ExpressionError, expressionRefs, parseExpression } from './expression.ts';

const fields: Record<string, number | string | boolean> = { a: 4, b: 2.5, mode: 'eco', on: true };
const run = (text: string) => evaluateExpression(parseExpression(text), (n) => fields[n]);

describe('derived-field expressions', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['-a + 10 % 4', -2],
    ['a / b', 1.6],
    ['a > b && b > 2', true],
    ['a < 3 || !on', false],
    ["mode == 'eco' ? 'low' : 'high'", 'low'],
    ['a > 5 ? 1 : a > 3 ? 2 : 3', 2],
    ["'x' + a", 'x4'],
    ['round(b * 1.8 + 32, 1)', 36.5],
    ['clamp(a * 100, 0, 100)', 100],
    ['min(a, b, 3) + max(1, 2) + abs(-1) + floor(2.7) + ceil(2.1) + sqrt(16) + pow(2, 3)', 22.5],
  ])('%s = %j', (text, value) => {
    expect(run(text)).toBe(value);
  });

  it('has no value while a field it reads has none', () => {
    expect(run('missing + 1')).toBeUndefined();
    expect(run('on || missing')).toBe(true); // short-circuit: the missing side is not needed
  });

  it('lists the fields it reads', () => {
    expect([...expressionRefs(parseExpression('round(a * b, 1) > 3 ? mode : c'))]).toEqual([
      'a',
      'b',
      'mode',
      'c',
    ]);
  });

  it.each([
    ['1 +', 3, 'expected a value, found the end'],
    ['1 + * 2', 4, "expected a value, found '*'"],
    ['(1 + 2', 6, "expected ')', found the end"],
    ['a $ b', 2, "unexpected character '$'"],
    ["'open", 0, 'unterminated string'],
    ['nope(1)', 0, "unknown function 'nope'"],
    ['clamp(1, 2)', 0, 'clamp() takes 3 arguments, not 2'],
    ['a b', 2, "unexpected 'b'"],
  ])('refuses %j at offset %i', (text, offset, message) => {
    let error: unknown;
    try {
      parseExpression(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as ExpressionError).offset).toBe(offset);
    expect((error as ExpressionError).message).toContain(message);
  });
});
