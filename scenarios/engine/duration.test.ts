import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, tryParseDuration } from './duration.ts';

describe('durations', () => {
  it('parses units and plain milliseconds', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('10s')).toBe(10_000);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration(1200)).toBe(1200);
  });

  it('rejects what is not a duration', () => {
    expect(tryParseDuration('10 parsecs')).toBeUndefined();
    expect(tryParseDuration(-1)).toBeUndefined();
    expect(tryParseDuration(true)).toBeUndefined();
    expect(() => parseDuration('soon')).toThrow(/not a duration: use 500ms/);
  });

  it('formats for people', () => {
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(1234)).toBe('1.23s');
    expect(formatDuration(90_000)).toBe('1m30s');
  });
});
