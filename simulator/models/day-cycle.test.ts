import { describe, expect, it } from 'vitest';
import { dayOfWeek, daylight, hourOfDay, loadShape, occupancyShape, temperatureShape } from './day-cycle.ts';

const HOUR = 3_600_000;

describe('day cycle', () => {
  it('reads local hour and weekday from virtual time and the UTC offset', () => {
    const t = Date.UTC(2025, 0, 6, 23, 30); // Monday 23:30 UTC
    expect(hourOfDay(t)).toBe(23.5);
    expect(hourOfDay(t, 60)).toBe(0.5);
    expect(dayOfWeek(t)).toBe(1);
    expect(dayOfWeek(t, 60)).toBe(2);
  });

  it('peaks air temperature at 15:00 and bottoms out at 03:00', () => {
    expect(temperatureShape(15)).toBe(1);
    expect(temperatureShape(3)).toBe(-1);
  });

  it('has no daylight at midnight and most at noon', () => {
    for (const month of [0, 3, 6, 9]) {
      const midnight = Date.UTC(2025, month, 15, 0);
      expect(daylight(midnight, 0, 48)).toBe(0);
      expect(daylight(midnight + 12 * HOUR, 0, 48)).toBeGreaterThan(daylight(midnight + 9 * HOUR, 0, 48));
    }
    // Longer days in June than in December at 48° N.
    expect(daylight(Date.UTC(2025, 5, 21, 7), 0, 48)).toBeGreaterThan(0);
    expect(daylight(Date.UTC(2025, 11, 21, 7), 0, 48)).toBe(0);
  });

  it('loads homes most in the evening and offices in working hours on weekdays', () => {
    const monday = Date.UTC(2025, 0, 6);
    const sunday = Date.UTC(2025, 0, 5);
    expect(loadShape('residential', monday + 19 * HOUR)).toBeGreaterThan(
      loadShape('residential', monday + 3 * HOUR),
    );
    expect(loadShape('commercial', monday + 11 * HOUR)).toBeGreaterThan(0.9);
    expect(loadShape('commercial', sunday + 11 * HOUR)).toBeLessThan(0.4);
    expect(loadShape('flat', monday)).toBe(1);
  });

  it('has people in during working hours only', () => {
    expect(occupancyShape(12)).toBe(1);
    expect(occupancyShape(3)).toBe(0);
    expect(occupancyShape(22)).toBe(0);
  });
});
