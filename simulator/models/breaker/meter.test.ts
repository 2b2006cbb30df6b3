import { describe, expect, it } from 'vitest';
import { BreakerModel } from './breaker-model.ts';
import { EnergyMeter, lineToLine, phaseQuantities, totals } from './meter.ts';
import type { BreakerTelemetry } from './options.ts';

const PHASES = ['a', 'b', 'c'] as const;

/** |x − y| within the rounding of the published readings (powers to 0.1, PF to 1e-4). */
function near(x: number, y: number, tolerance: number): void {
  expect(Math.abs(x - y)).toBeLessThanOrEqual(tolerance);
}

function checkConsistent(t: BreakerTelemetry): void {
  for (const p of PHASES) {
    const P = t[`active_power_${p}`];
    const Q = t[`reactive_power_${p}`];
    const S = t[`apparent_power_${p}`];
    near(S, Math.hypot(P, Q), 0.15);
    if (S > 10) near(t[`power_factor_${p}`], P / S, 0.1 / S + 1e-4);
    near(t[`current_${p}`] * t[`voltage_${p}n`], S, 0.02 * Math.max(1, S) + 0.1);
  }
  near(t.active_power, t.active_power_a + t.active_power_b + t.active_power_c, 0.2);
  near(t.reactive_power, t.reactive_power_a + t.reactive_power_b + t.reactive_power_c, 0.2);
  near(t.apparent_power, Math.hypot(t.active_power, t.reactive_power), 0.15);
  if (t.apparent_power > 10)
    near(t.power_factor, t.active_power / t.apparent_power, 0.1 / t.apparent_power + 1e-4);
  near(t.current_total, t.current_a + t.current_b + t.current_c, 2e-3);
}

describe('three-phase meter', () => {
  it('keeps S² = P² + Q² and PF = P/S per phase, with generation too', () => {
    for (const [load, pf, gen] of [
      [10, 0.9, 0],
      [5, 0.95, 3000],
      [0, 0.9, 500],
    ] as const) {
      const q = phaseQuantities(230, load, pf, gen);
      expect(q.apparent ** 2).toBeCloseTo(q.active ** 2 + q.reactive ** 2, 6);
      if (q.apparent > 0) expect(q.powerFactor).toBeCloseTo(q.active / q.apparent, 12);
      expect(q.current * q.voltage).toBeCloseTo(q.apparent, 9);
    }
  });

  it('reports a negative power factor while exporting', () => {
    const q = phaseQuantities(230, 2, 0.95, 2000);
    expect(q.active).toBeLessThan(0);
    expect(q.powerFactor).toBeLessThan(0);
  });

  it('sums totals as vectors, so the identity holds for the total as well', () => {
    const [a, b, c] = [
      phaseQuantities(230, 10, 0.9, 0),
      phaseQuantities(231, 4, 0.97, 0),
      phaseQuantities(229, 1, 0.8, 900),
    ];
    const t = totals(a, b, c);
    expect(t.apparent ** 2).toBeCloseTo(t.active ** 2 + t.reactive ** 2, 6);
    expect(t.current).toBeCloseTo(a.current + b.current + c.current, 12);
  });

  it('gives 230·√3 V between balanced phases', () => {
    expect(lineToLine(230, 230)).toBeCloseTo(230 * Math.sqrt(3), 9);
    expect(lineToLine(120, 120)).toBeCloseTo(207.85, 2);
  });

  it('counts import and export energy separately', () => {
    const m = new EnergyMeter();
    m.add(3600, 3_600_000);
    m.add(-1800, 3_600_000);
    expect(m.importWh).toBeCloseTo(3600, 9);
    expect(m.exportWh).toBeCloseTo(1800, 9);
  });
});

describe('breaker readings', () => {
  it('are consistent per phase and in total over a day, on 230 V / 50 Hz and 120 V / 60 Hz', () => {
    for (const grid of [
      { nominalVoltage: 230, frequencyHz: 50 },
      { nominalVoltage: 120, frequencyHz: 60 },
    ]) {
      const b = new BreakerModel({
        seed: 5,
        ...grid,
        pvPeakW: 4000,
        groundFaultsPerDay: 0,
        arcFaultsPerDay: 0,
      });
      for (let i = 0; i < 24 * 12; i++) {
        b.step(5 * 60_000);
        const t = b.telemetry();
        checkConsistent(t);
        near(t.voltage_an, grid.nominalVoltage, 0.05 * grid.nominalVoltage);
        near(t.voltage_ab, grid.nominalVoltage * Math.sqrt(3), 0.05 * grid.nominalVoltage * Math.sqrt(3));
        near(t.frequency, grid.frequencyHz, 0.2);
      }
    }
  });

  it('integrates active power into energy: ΔE = Σ P·Δt', () => {
    // No appliance steps or faults: then every reading holds exactly for the step that follows it.
    const quiet = { loadStepsPerHour: 0, groundFaultsPerDay: 0, arcFaultsPerDay: 0 };
    const b = new BreakerModel({ seed: 9, pvPeakW: 6000, startMs: Date.UTC(2025, 5, 21, 6), ...quiet });
    const start = b.telemetry();
    let importWh = 0;
    let exportWh = 0;
    for (let i = 0; i < 6 * 360; i++) {
      const p = b.telemetry().active_power; // held over the next step
      b.step(10_000);
      if (p >= 0) importWh += (p * 10) / 3600;
      else exportWh -= (p * 10) / 3600;
    }
    const end = b.telemetry();
    expect(exportWh).toBeGreaterThan(0); // midday PV beats the load
    near(end.energy_import - start.energy_import, importWh, 0.02);
    near(end.energy_export - start.energy_export, exportWh, 0.02);
  });

  it('follows the daily profile: the evening peak draws more than the small hours', () => {
    const at = (hour: number): number => {
      const b = new BreakerModel({ seed: 3, loadStepsPerHour: 0, startMs: Date.UTC(2025, 0, 7, hour) });
      return b.telemetry().current_total;
    };
    expect(at(19)).toBeGreaterThan(2 * at(3));
  });
});
