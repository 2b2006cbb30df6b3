import { describe, expect, it } from 'vitest';
import { BreakerModel } from './breaker-model.ts';
import type { BreakerModelOptions } from './options.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function breaker(options: BreakerModelOptions = {}): BreakerModel {
  return new BreakerModel({ groundFaultsPerDay: 0, arcFaultsPerDay: 0, ...options });
}

describe('breaker temperature', () => {
  it('rises with load (I²R) and cools after the load goes', () => {
    const b = breaker({ ambientC: 25 });
    b.setLoadOverride(0);
    b.advance(2 * HOUR);
    const idle = b.telemetry().temperature;
    b.setLoadOverride(16); // rated current: ~35 °C rise at steady state
    b.advance(4 * HOUR);
    const loaded = b.telemetry().temperature;
    expect(loaded - idle).toBeGreaterThan(25);
    b.setLoadOverride(0);
    b.advance(7 * HOUR);
    expect(b.telemetry().temperature - idle).toBeLessThan(3);
  });

  it('rises more at higher load', () => {
    const rise = (amps: number): number => {
      const b = breaker();
      b.setLoadOverride(amps);
      b.advance(3 * HOUR);
      return b.telemetry().temperature;
    };
    expect(rise(12)).toBeGreaterThan(rise(6) + 5);
  });
});

describe('breaker contacts', () => {
  it('opens and closes on command, counting open time out of operating hours', () => {
    const b = breaker();
    expect(b.command('open')).toEqual({ ok: true, result: { breaker_state: 'open' } });
    expect(b.telemetry()).toMatchObject({ breaker_state: 'open', last_trip_cause: 'manual', trip_count: 0 });
    b.advance(HOUR);
    expect(b.telemetry().operating_hours).toBe(0);
    expect(b.command('close')).toEqual({ ok: true, result: { breaker_state: 'closed' } });
    b.advance(2 * HOUR);
    expect(b.telemetry().operating_hours).toBeCloseTo(1, 6);
  });

  it('reads zero current and power when tripped, with voltage still present', () => {
    const b = breaker();
    b.setLoadOverride(3 * 16);
    b.advance(5 * MINUTE);
    const t = b.telemetry();
    expect(t).toMatchObject({ breaker_state: 'tripped', last_trip_cause: 'thermal', trip_count: 1 });
    expect([t.current_a, t.current_b, t.current_c, t.current_total, t.active_power]).toEqual([0, 0, 0, 0, 0]);
    expect(t.ground_fault_current).toBe(0);
    expect(t.voltage_an).toBeGreaterThan(200);
  });

  it('refuses close while tripped; reset clears the trip and leaves it open', () => {
    const b = breaker();
    b.setLoadOverride(3 * 16);
    b.advance(5 * MINUTE);
    const refused = b.command('close');
    expect(refused.ok).toBe(false);
    b.setLoadOverride(undefined);
    expect(b.command('reset')).toEqual({ ok: true, result: { breaker_state: 'open' } });
    expect(b.command('close')).toEqual({ ok: true, result: { breaker_state: 'closed' } });
    b.advance(10 * MINUTE);
    expect(b.telemetry().current_total).toBeGreaterThan(0);
  });

  it('obeys desired closed, and reports it', () => {
    const b = breaker();
    b.applyDesired({ closed: false });
    expect(b.reported()).toEqual({ closed: false, interval_s: 10 });
    expect(b.telemetry().breaker_state).toBe('open');
    b.applyDesired({ closed: true, interval_s: 2.5 });
    expect(b.reported()).toEqual({ closed: true, interval_s: 2.5 });
    expect(b.publishIntervalMs()).toBe(2500);
  });

  it('does not reclose a tripped breaker on desired closed', () => {
    const b = breaker();
    b.setLoadOverride(20 * 16);
    b.advance(1000);
    b.applyDesired({ closed: true });
    expect(b.reported()['closed']).toBe(false);
    expect(b.telemetry().breaker_state).toBe('tripped');
  });

  it('clamps desired interval_s to the contract range and rejects unknown commands', () => {
    const b = breaker();
    b.applyDesired({ interval_s: 99_999 });
    expect(b.publishIntervalMs()).toBe(3_600_000);
    expect(b.command('explode')).toMatchObject({ ok: false });
  });
});

describe('breaker faults', () => {
  it('trips on a ground fault at or above 30 mA, not below', () => {
    const b = breaker();
    b.injectGroundFault(10);
    expect(b.advance(1000).map((e) => e.type)).toEqual(['ground_fault']);
    expect(b.telemetry().breaker_state).toBe('closed');
    b.injectGroundFault(45);
    expect(b.advance(2000)).toMatchObject([
      { type: 'ground_fault', current_ma: 45, ts: 1000 },
      { type: 'trip', cause: 'ground_fault', ts: 1000 },
    ]);
    expect(b.telemetry()).toMatchObject({ breaker_state: 'tripped', last_trip_cause: 'ground_fault' });
  });

  it('trips on an arc fault and flags it until reset', () => {
    const b = breaker();
    b.injectArcFault();
    expect(b.advance(1000).map((e) => e.type)).toEqual(['arc_fault', 'trip']);
    expect(b.telemetry()).toMatchObject({ arc_fault: true, last_trip_cause: 'arc_fault' });
    b.command('reset');
    expect(b.telemetry().arc_fault).toBe(false);
  });

  it('has random ground and arc faults at about the configured rate', () => {
    let faults = 0;
    for (let seed = 0; seed < 20; seed++) {
      const b = new BreakerModel({ seed, groundFaultsPerDay: 1, arcFaultsPerDay: 1, maxStepMs: HOUR });
      for (let day = 1; day <= 10; day++) {
        faults += b.advance(day * 24 * HOUR).filter((e) => e.type === 'trip').length;
        b.command('reset');
        b.command('close');
      }
    }
    // 20 devices × 10 days × 2/day = 400 expected (fewer: faults during the rest of a tripped day are lost).
    expect(faults).toBeGreaterThan(150);
    expect(faults).toBeLessThan(420);
  });

  it('becomes due for maintenance after the configured number of trips', () => {
    const b = breaker({ maintenanceAfterTrips: 2, initialTripCount: 1 });
    expect(b.telemetry().maintenance_due).toBe(false);
    b.injectArcFault();
    b.advance(1);
    expect(b.telemetry()).toMatchObject({ trip_count: 2, maintenance_due: true });
  });
});

describe('breaker determinism', () => {
  const run = (seed: number): unknown[] => {
    const b = new BreakerModel({ seed, groundFaultsPerDay: 5, arcFaultsPerDay: 5 });
    const out: unknown[] = [];
    for (let i = 0; i < 500; i++) out.push(b.step(60_000), b.telemetry());
    return out;
  };

  it('gives the same readings and events for the same seed, different ones for another', () => {
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });
});
