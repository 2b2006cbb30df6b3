import { afterEach, describe, expect, it } from 'vitest';
import SOIL from '../../../docs/examples/device-types/soil-probe.yaml?raw';
import { parseDeviceTypeFile, registerDeviceTypes, unregisterDeviceType } from '../../../twin/index.ts';
import { createModel } from '../create-model.ts';
import { GeneratedModel } from './generated-model.ts';

const soil = parseDeviceTypeFile(SOIL, 'soil-probe.yaml');
const START = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

/** Readings every `stepMs` for `count` steps. */
function run(seed: number, count: number, stepMs = 10_000) {
  const m = new GeneratedModel(soil, { seed, startMs: START });
  const out = [];
  for (let i = 1; i <= count; i++) {
    m.advance(START + i * stepMs);
    out.push(m.telemetry());
  }
  return out;
}

describe('a model generated from a device-type file', () => {
  // The registry is process-wide and unit files share a worker: leave it as this file found it.
  afterEach(() => unregisterDeviceType('soil_probe'));

  it('is deterministic per seed, and different seeds differ', () => {
    expect(run(7, 200)).toEqual(run(7, 200));
    expect(run(7, 50).map((t) => t.moisture)).not.toEqual(run(8, 50).map((t) => t.moisture));
  });

  it('keeps a random walk inside its bounds, also over long jumps', () => {
    const near = run(3, 5000).map((t) => t.moisture as number);
    expect(Math.min(...near)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...near)).toBeLessThanOrEqual(60);
    expect(new Set(near).size).toBeGreaterThan(100); // it moves
    const m = new GeneratedModel(soil, { seed: 3, startMs: START });
    for (let day = 1; day <= 30; day++) {
      m.advance(START + day * 24 * HOUR);
      const v = m.telemetry().moisture as number;
      expect(v).toBeGreaterThanOrEqual(10);
      expect(v).toBeLessThanOrEqual(60);
    }
  });

  it('follows the sine, the step schedule, the counter, the cycle and the constant', () => {
    const m = new GeneratedModel(soil, { seed: 1, startMs: START });
    const at = (ms: number) => {
      m.advance(START + ms);
      return m.telemetry();
    };
    // Peak at 15:00 UTC (mean 14 + amplitude 4, noise sd 0.05), trough at 03:00.
    expect(at(15 * HOUR).soil_temperature).toBeCloseTo(18, 0);
    expect(at(27 * HOUR).soil_temperature).toBeCloseTo(10, 0);
    const day2 = 24 * HOUR;
    expect(at(day2 + 5 * HOUR).valve).toBe('closed');
    expect(at(day2 + 6 * HOUR + 60_000).valve).toBe('open');
    expect(at(day2 + 7 * HOUR).valve).toBe('closed');
    // 3 pulses a minute since boot; the cycle changes every 5 minutes.
    const t = at(2 * day2 + 10 * 60_000);
    expect(t.pulses).toBe(3 * (2 * 24 * 60 + 10));
    expect(t.mode).toBe(['measure', 'report', 'sleep'][(2 * 24 * 12 + 2) % 3]);
    expect(t.battery_voltage).toBe(3.6);
  });

  it('derives fields from the others', () => {
    for (const t of run(5, 500, 60_000)) {
      expect(t.dry).toBe((t.moisture as number) < 20);
      expect(t.soil_temperature_f).toBeCloseTo((t.soil_temperature as number) * 1.8 + 32, 1);
    }
  });

  it('takes faults as the built-in types do: stuck, drift, spike, reboot', () => {
    const m = new GeneratedModel(soil, { seed: 2, startMs: START });
    m.advance(START + HOUR);
    const stuckAt = m.telemetry().moisture;
    m.setStuck('moisture');
    m.advance(START + 5 * HOUR);
    expect(m.telemetry().moisture).toBe(stuckAt);
    m.setStuck(undefined);
    m.setDrift('battery_voltage', -0.1);
    m.advance(START + 7 * HOUR);
    expect(m.telemetry().battery_voltage).toBeCloseTo(3.4, 5);
    m.spike('pulses', 2);
    expect(m.telemetry().pulses).toBe(2 * 3 * 7 * 60);
    m.reboot();
    expect(m.advance(START + 7 * HOUR + 60_000)).toEqual([{ ts: START + 7 * HOUR, type: 'reboot' }]);
    expect(m.telemetry()).toMatchObject({ uptime_s: 60, pulses: 3 });
  });

  it('obeys desired state and runs the commands of its type', () => {
    const m = new GeneratedModel(soil, { seed: 1, startMs: START });
    expect(m.publishIntervalMs()).toBe(10_000);
    m.applyDesired({ interval_s: 30, threshold: 25, unknown: 1 });
    expect(m.publishIntervalMs()).toBe(30_000);
    expect(m.reported()).toEqual({ interval_s: 30, threshold: 25 });
    registerDeviceTypes([soil]);
    expect(m.command('calibrate', { dry_point: 12 })).toMatchObject({ ok: true });
    expect(m.command('calibrate', { dry_point: 120 })).toEqual({
      ok: false,
      error: 'params.dry_point: 120 is out of range; allowed: number 0..100 %',
    });
    expect(m.command('open')).toMatchObject({ ok: false });
  });

  it('is what createModel makes for a registered type', () => {
    registerDeviceTypes([soil]);
    expect(createModel('soil_probe', { seed: 1, startMs: START })).toBeInstanceOf(GeneratedModel);
    expect(() => createModel('toaster')).toThrow(/unknown device type 'toaster'/);
  });
});
