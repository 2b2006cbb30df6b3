import { describe, expect, it } from 'vitest';
import { DURATION_PATTERN, formatDuration, parseDuration, tryParseDuration } from './duration.ts';

describe('the duration grammar', () => {
  it('reads units, decimals, compounds and plain milliseconds', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('10s')).toBe(10_000);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('1w')).toBe(604_800_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration(' 90s ')).toBe(90_000);
    expect(parseDuration('1200')).toBe(1200);
    expect(parseDuration(1200)).toBe(1200);
  });

  it('refuses everything else with one wording', () => {
    for (const bad of ['10 parsecs', 'soon', '', '1h 30m', '-5s', '.5s', 's', '5x']) {
      expect(tryParseDuration(bad), bad).toBeUndefined();
    }
    expect(tryParseDuration(-1)).toBeUndefined();
    expect(tryParseDuration(Number.NaN)).toBeUndefined();
    expect(tryParseDuration(true)).toBeUndefined();
    expect(() => parseDuration('soon')).toThrow(
      "'soon' is not a duration: use 500ms, 10s, 1.5m, 2h, 7d, 1w, 1h30m or a number of milliseconds",
    );
    expect(() => parseDuration('x', '--for')).toThrow(/^--for 'x' is not a duration/);
  });

  it('publishes a pattern that agrees with the parser', () => {
    const re = new RegExp(DURATION_PATTERN);
    for (const text of ['250ms', '1.5m', '1h30m', '1200']) expect(re.test(text), text).toBe(true);
    for (const text of ['soon', '1h 30m', '-1s']) expect(re.test(text), text).toBe(false);
  });

  it('formats for people and reads its own output back', () => {
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(1234)).toBe('1.23s');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(119_800)).toBe('2m');
    expect(formatDuration(7_200_000)).toBe('2h');
    expect(formatDuration(90_000_000)).toBe('1d1h');
    expect(formatDuration(-250)).toBe('-250ms');
    for (const ms of [250, 90_000, 5_400_000, 90_000_000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
