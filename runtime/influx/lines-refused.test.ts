import { describe, expect, it } from 'vitest';
import { linesRefused } from './influx-client.ts';

// Answers as InfluxDB 1.6.7 gives them (captured with curl against influxd).
describe('linesRefused: the lines InfluxDB did not store, from its whole answer', () => {
  it('reads dropped=N of a partial write (field type conflict)', () => {
    const error =
      'partial write: field type conflict: input field "f" on measurement "m3" is type integer, already exists as type string dropped=1';
    expect(linesRefused(error)).toBe(1);
  });

  it('adds the lines it could not parse, which dropped=N does not count', () => {
    const error =
      "partial write: unable to parse 'm4,t=a\\\\ f=2 2000': invalid tag format\nunable to parse 'm4,t=b\\\\ f=2 2500': invalid tag format dropped=0";
    expect(linesRefused(error)).toBe(2);
  });

  it('counts every listed line even when the answer is far longer than a log message shows', () => {
    const long = 'x'.repeat(500);
    const error = `partial write: ${Array.from({ length: 7 }, (_, i) => `unable to parse 'm,t=${long}${i}': invalid`).join('\n')} dropped=3`;
    expect(error.length).toBeGreaterThan(3_000);
    expect(linesRefused(error)).toBe(10);
  });

  it('says nothing (undefined) for an answer that counts no lines, or no answer', () => {
    expect(linesRefused('database not found: "x"')).toBeUndefined();
    expect(linesRefused(undefined)).toBeUndefined();
  });
});
