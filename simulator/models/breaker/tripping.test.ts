import { describe, expect, it } from 'vitest';
import type { ModelEvent } from '../model.ts';
import { BreakerModel } from './breaker-model.ts';
import { MAGNETIC_BANDS, magneticThresholdMultiple, thermalTripTimeMs, TRIP_CURVES } from './trip-curve.ts';
import type { TripCurve } from './trip-curve.ts';
import { Rng } from '../random.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A breaker with only the current we set: no random ground or arc faults. */
function breaker(curve: TripCurve, ratedCurrentA: number, seed = 1): BreakerModel {
  return new BreakerModel({ curve, ratedCurrentA, seed, groundFaultsPerDay: 0, arcFaultsPerDay: 0 });
}

function trips(events: ModelEvent[]): ModelEvent[] {
  return events.filter((e) => e.type === 'trip');
}

// IEC 60898-1 table (../../../../shared/notes/simulator.md), for every curve, at and above 63 A.
const CASES = TRIP_CURVES.flatMap((curve) => [16, 100].map((In) => ({ curve, In })));

describe.each(CASES)('IEC 60898-1, curve $curve, In = $In A', ({ curve, In }) => {
  const band = MAGNETIC_BANDS[curve];
  const conventionalMs = In > 63 ? 2 * HOUR : HOUR;
  const maxTrip255Ms = In > 32 ? 120_000 : 60_000;

  it(`does not trip within 0.1 s at the band's lower edge (${band.low} × In)`, () => {
    for (let seed = 1; seed <= 20; seed++) {
      const b = breaker(curve, In, seed);
      b.setLoadOverride(band.low * In);
      expect(trips(b.advance(100))).toEqual([]);
      expect(b.telemetry().breaker_state).toBe('closed');
    }
  });

  it(`trips magnetically in < 0.1 s at the band's upper edge (${band.high} × In)`, () => {
    for (let seed = 1; seed <= 20; seed++) {
      const b = breaker(curve, In, seed);
      b.setLoadOverride(band.high * In);
      const [trip] = trips(b.advance(100));
      expect(trip).toMatchObject({ cause: 'magnetic' });
      expect(trip?.ts).toBeLessThan(100);
    }
  });

  it('does not trip within the conventional time at 1.13 In from cold, then trips in it at 1.45 In', () => {
    const b = breaker(curve, In);
    b.setLoadOverride(1.13 * In);
    expect(trips(b.advance(conventionalMs))).toEqual([]);
    b.setLoadOverride(1.45 * In);
    const [trip] = trips(b.advance(2 * conventionalMs));
    expect(trip).toMatchObject({ cause: 'thermal' });
    expect(trip!.ts - conventionalMs).toBeLessThan(conventionalMs);
  });

  it(`trips thermally in 1 s … ${maxTrip255Ms / 1000} s at 2.55 In from cold`, () => {
    const b = breaker(curve, In);
    b.setLoadOverride(2.55 * In);
    const [trip] = trips(b.advance(10 * MINUTE));
    expect(trip).toMatchObject({ cause: 'thermal' });
    expect(trip!.ts).toBeGreaterThanOrEqual(1000);
    expect(trip!.ts).toBeLessThanOrEqual(maxTrip255Ms);
  });
});

describe('thermal replica', () => {
  it('matches the closed-form trip times of the notes (k = 1.3, τ = 120 s)', () => {
    expect(thermalTripTimeMs(1.13)).toBe(Infinity);
    expect(thermalTripTimeMs(1.45) / 1000).toBeCloseTo(195, -1);
    expect(thermalTripTimeMs(1.45, 1.13) / 1000).toBeCloseTo(83, 0);
    expect(thermalTripTimeMs(2.55) / 1000).toBeCloseTo(36, 0);
  });

  it('trips the model at the closed-form time, whatever the step length', () => {
    for (const stepMs of [7, 1000, 60_000]) {
      const b = breaker('C', 16);
      b.setLoadOverride(2.55 * 16);
      let trip: ModelEvent | undefined;
      while (!trip) trip = trips(b.step(stepMs))[0];
      expect(Math.abs(trip.ts - thermalTripTimeMs(2.55))).toBeLessThanOrEqual(1);
    }
  });

  it('remembers heat: a warm breaker trips sooner than a cold one', () => {
    const warm = breaker('C', 16);
    warm.setLoadOverride(16);
    warm.advance(HOUR);
    warm.setLoadOverride(2.55 * 16);
    const warmTrip = trips(warm.advance(2 * HOUR))[0]!.ts - HOUR;
    expect(warmTrip).toBeLessThan(thermalTripTimeMs(2.55));
  });

  it('cools while open, so a breaker closed again after a pause carries load', () => {
    const b = breaker('C', 16);
    b.setLoadOverride(2.55 * 16);
    b.advance(HOUR);
    expect(b.telemetry().breaker_state).toBe('tripped');
    b.command('reset');
    b.advance(2 * HOUR);
    expect(Math.max(...b.thermalState())).toBeLessThan(0.01);
    b.setLoadOverride(1.0 * 16);
    b.command('close');
    expect(trips(b.advance(4 * HOUR))).toEqual([]);
  });
});

describe('magnetic threshold per device', () => {
  it.each(TRIP_CURVES)('lies strictly inside the %s band for every seed', (curve) => {
    const { low, high } = MAGNETIC_BANDS[curve];
    for (let seed = 0; seed < 500; seed++) {
      const m = magneticThresholdMultiple(curve, new Rng(seed));
      expect(m).toBeGreaterThan(low);
      expect(m).toBeLessThan(high);
    }
  });

  it('differs between devices and is stable for one seed', () => {
    const thresholds = new Set(Array.from({ length: 50 }, (_, i) => breaker('C', 16, i).magneticThreshold));
    expect(thresholds.size).toBe(50);
    expect(breaker('C', 16, 7).magneticThreshold).toBe(breaker('C', 16, 7).magneticThreshold);
  });

  it('trips just above its own threshold and not just below it', () => {
    const probe = breaker('B', 16, 42);
    const threshold = probe.magneticThreshold * 16;
    const below = breaker('B', 16, 42);
    below.setLoadOverride(threshold * 0.99);
    expect(trips(below.advance(100))).toEqual([]);
    const above = breaker('B', 16, 42);
    above.setLoadOverride(threshold * 1.01);
    expect(trips(above.advance(100))[0]).toMatchObject({ cause: 'magnetic', ts: 10 });
  });
});
