import { describe, expect, it } from 'vitest';
import { topicMatchesFilter } from './mqtt-filter.ts';

describe('MQTT topic filters', () => {
  it('match + on one level and # on the rest', () => {
    expect(topicMatchesFilter('tb/v1/a/telemetry', 'tb/v1/+/telemetry')).toBe(true);
    expect(topicMatchesFilter('tb/v1/a/b/telemetry', 'tb/v1/+/telemetry')).toBe(false);
    expect(topicMatchesFilter('tb/v1/a/commands/response', 'tb/v1/#')).toBe(true);
    expect(topicMatchesFilter('tb/v1', 'tb/v1/#')).toBe(true); // '#' also matches the parent level (MQTT 4.7.1.2)
    expect(topicMatchesFilter('tb/v1/a', 'tb/v1/a/b')).toBe(false);
    expect(topicMatchesFilter('x/y', 'x/y')).toBe(true);
  });
});
