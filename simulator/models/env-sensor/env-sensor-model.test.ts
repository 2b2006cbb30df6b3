import { describe, expect, it } from 'vitest';
import { EnvSensorModel } from './env-sensor-model.ts';
import type { EnvSensorTelemetry } from './options.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Readings every `stepMs` for `durationMs`. */
function record(m: EnvSensorModel, durationMs: number, stepMs: number): EnvSensorTelemetry[] {
  const out: EnvSensorTelemetry[] = [];
  const end = m.nowMs() + durationMs;
  while (m.nowMs() < end) {
    m.step(stepMs);
    out.push(m.telemetry());
  }
  return out;
}

function correlation(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('env_sensor climate', () => {
  it('peaks in temperature in the afternoon and bottoms out before dawn', () => {
    const m = new EnvSensorModel({ seed: 4 });
    const byHour = Array.from({ length: 24 }, () => 0);
    for (const [i, t] of record(m, 30 * DAY, 10 * MINUTE).entries()) {
      byHour[Math.floor(((i + 1) % 144) / 6)]! += t.temperature;
    }
    const peak = byHour.indexOf(Math.max(...byHour));
    const low = byHour.indexOf(Math.min(...byHour));
    expect(peak).toBeGreaterThanOrEqual(13);
    expect(peak).toBeLessThanOrEqual(17);
    expect(low).toBeGreaterThanOrEqual(1);
    expect(low).toBeLessThanOrEqual(5);
  });

  it('lowers relative humidity as the air warms', () => {
    const readings = record(new EnvSensorModel({ seed: 2 }), 10 * DAY, 10 * MINUTE);
    const r = correlation(
      readings.map((t) => t.temperature),
      readings.map((t) => t.humidity),
    );
    expect(r).toBeLessThan(-0.3);
  });

  it('keeps pressure near the value for its altitude', () => {
    for (const [altitudeM, expected] of [
      [0, 1013],
      [1500, 846],
    ] as const) {
      for (const t of record(new EnvSensorModel({ seed: 3, altitudeM }), 20 * DAY, HOUR)) {
        expect(Math.abs(t.pressure - expected)).toBeLessThan(40);
      }
    }
  });

  it('reads no light at night and daylight at noon, summer and winter', () => {
    for (const month of [0, 5]) {
      const m = new EnvSensorModel({ seed: 1, startMs: Date.UTC(2025, month, 1), latitudeDeg: 48 });
      for (const [i, t] of record(m, 10 * DAY, HOUR).entries()) {
        const hour = (i + 1) % 24;
        if (hour <= 3 || hour >= 22) expect(t.light).toBe(0);
        if (hour === 12) expect(t.light).toBeGreaterThan(50);
      }
    }
  });
});

describe('env_sensor motion', () => {
  it('counts motion like a Poisson process with the configured rate', () => {
    const rate = 4;
    const hours = 2000;
    // A battery that lasts: at the default 2500 mAh the sensor would die after ~7 weeks.
    const m = new EnvSensorModel({ seed: 8, motionEventsPerHour: rate, batteryCapacityMah: 1e6 });
    const perHour: number[] = [];
    for (let h = 1; h <= hours; h++)
      perHour.push(m.advance(h * HOUR).filter((e) => e.type === 'motion').length);
    const total = perHour.reduce((a, b) => a + b, 0);
    const mean = total / hours;
    const variance = perHour.reduce((a, n) => a + (n - mean) ** 2, 0) / (hours - 1);
    // Poisson: count ~ N(8000, 89²); variance/mean ≈ 1 with a standard error of ~0.034 here.
    // A statistical bound: a correct model fails it with probability well under 1e-4.
    expect(Math.abs(total - rate * hours)).toBeLessThan(4 * Math.sqrt(rate * hours));
    expect(variance / mean).toBeGreaterThan(0.85);
    expect(variance / mean).toBeLessThan(1.15);
  });

  it('reads motion while the PIR holds after an event, and no motion otherwise', () => {
    const m = new EnvSensorModel({ seed: 6, motionEventsPerHour: 20, publishIntervalMs: 10_000 });
    let last = -Infinity;
    let seen = 0;
    while (m.nowMs() < 2 * HOUR) {
      for (const e of m.step(1000)) if (e.type === 'motion') [last, seen] = [e.ts, seen + 1];
      expect(m.telemetry().motion).toBe(m.nowMs() - last < 30_000);
    }
    expect(seen).toBeGreaterThan(10);
  });

  it('has motion times that do not depend on the step length', () => {
    const times = (stepMs: number): number[] => {
      const m = new EnvSensorModel({ seed: 5 });
      const out: number[] = [];
      while (m.nowMs() < DAY)
        out.push(
          ...m
            .step(stepMs)
            .filter((e) => e.type === 'motion')
            .map((e) => e.ts),
        );
      return out;
    };
    expect(times(1000)).toEqual(times(15 * MINUTE));
  });
});

describe('env_sensor battery and radio', () => {
  it('drains faster with a shorter publish interval', () => {
    const drop = (interval_s: number): number => {
      const m = new EnvSensorModel({ seed: 1, initialBatteryPercent: 100 });
      m.applyDesired({ interval_s });
      m.advance(7 * DAY);
      return 100 - m.telemetry().battery;
    };
    expect(drop(10)).toBeGreaterThan(3 * drop(300));
  });

  it('drains slower in deep sleep', () => {
    const drop = (deep_sleep: boolean): number => {
      const m = new EnvSensorModel({ seed: 1, initialBatteryPercent: 100 });
      m.applyDesired({ deep_sleep, interval_s: 600 });
      m.advance(30 * DAY);
      return 100 - m.telemetry().battery;
    };
    expect(drop(true)).toBeLessThan(drop(false) / 3);
  });

  it('warns when low, then goes offline when empty', () => {
    const m = new EnvSensorModel({ seed: 1, initialBatteryPercent: 16 });
    m.drainBattery(0.5);
    expect(m.advance(1)).toEqual([]);
    m.applyDesired({ interval_s: 1 });
    const events = m.advance(60 * DAY).filter((e) => e.type.startsWith('battery'));
    expect(events.map((e) => e.type)).toEqual(['battery_low', 'battery_empty']);
    expect(events[0]!.ts).toBeLessThan(events[1]!.ts);
    expect(m.isOnline()).toBe(false);
    expect(m.telemetry().battery).toBe(0);
    expect(m.command('reboot').ok).toBe(false);
  });

  it('keeps RSSI in a plausible band while it wanders', () => {
    const rssi = record(new EnvSensorModel({ seed: 9 }), 7 * DAY, 10 * MINUTE).map((t) => t.rssi);
    expect(Math.min(...rssi)).toBeGreaterThan(-110);
    expect(Math.max(...rssi)).toBeLessThan(-30);
    expect(new Set(rssi).size).toBeGreaterThan(10);
  });
});

describe('env_sensor desired state and commands', () => {
  it('honours desired interval_s and deep_sleep, clamped to the contract range', () => {
    const m = new EnvSensorModel();
    expect(m.reported()).toEqual({ interval_s: 60, deep_sleep: false });
    m.applyDesired({ interval_s: 5, deep_sleep: true });
    expect(m.publishIntervalMs()).toBe(5000);
    expect(m.reported()).toEqual({ interval_s: 5, deep_sleep: true });
    m.applyDesired({ interval_s: 0.01 });
    expect(m.publishIntervalMs()).toBe(1000);
  });

  it('identifies for the asked duration and rejects a bad one', () => {
    const m = new EnvSensorModel();
    m.advance(1000);
    expect(m.command('identify', { duration_s: 30 })).toEqual({
      ok: true,
      result: { identify_until: 31_000 },
    });
    expect(m.command('identify', { duration_s: 9999 }).ok).toBe(false);
    expect(m.command('dance').ok).toBe(false);
  });

  it('restarts uptime on reboot', () => {
    const m = new EnvSensorModel();
    m.advance(HOUR);
    expect(m.telemetry().uptime_s).toBe(3600);
    expect(m.command('reboot')).toEqual({ ok: true });
    expect(m.advance(HOUR + 5000)).toEqual([{ ts: HOUR, type: 'reboot' }]);
    expect(m.telemetry().uptime_s).toBe(5);
  });

  it('calibration removes the unit offset and accumulated drift', () => {
    const m = new EnvSensorModel({ seed: 12 });
    const twin = new EnvSensorModel({ seed: 12 });
    m.setDrift('temperature', 1);
    m.advance(5 * HOUR);
    twin.advance(5 * HOUR);
    expect(m.telemetry().temperature - twin.telemetry().temperature).toBeCloseTo(5, 2);
    m.command('calibrate');
    expect(Math.abs(m.telemetry().temperature - twin.telemetry().temperature)).toBeLessThan(1.5);
  });
});

describe('env_sensor determinism', () => {
  const run = (seed: number): unknown[] => {
    const m = new EnvSensorModel({ seed, startMs: Date.UTC(2025, 3, 1) });
    const out: unknown[] = [];
    for (let i = 0; i < 1000; i++) out.push(m.step(5 * MINUTE), m.telemetry());
    return out;
  };

  it('gives the same readings and events for the same seed, different ones for another', () => {
    expect(run(21)).toEqual(run(21));
    expect(run(21)).not.toEqual(run(22));
  });
});
