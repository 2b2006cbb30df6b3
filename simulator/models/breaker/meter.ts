/**
 * Three-phase meter quantities (the SunSpec model 203 set) kept consistent by construction:
 * per phase S² = P² + Q², PF = P/S, I = S/V; totals are vector sums; energy is the integral of P.
 */

export interface PhaseQuantities {
  /** Line-to-neutral voltage, V. */
  voltage: number;
  /** A. */
  current: number;
  /** Active power, W (negative when exporting). */
  active: number;
  /** Reactive power, var (positive = inductive). */
  reactive: number;
  /** Apparent power, VA. */
  apparent: number;
  /** P/S in [-1, 1]; 1 with no load, where it is undefined. */
  powerFactor: number;
}

/**
 * One phase feeding a load of `loadCurrentA` at lagging power factor `loadPf`, minus local generation
 * `generationW` at unity power factor (PV): the net flow is what the breaker carries and meters.
 */
export function phaseQuantities(
  voltage: number,
  loadCurrentA: number,
  loadPf: number,
  generationW: number,
): PhaseQuantities {
  const loadVa = voltage * loadCurrentA;
  const active = loadVa * loadPf - generationW;
  const reactive = loadVa * Math.sqrt(1 - loadPf * loadPf);
  const apparent = Math.sqrt(active * active + reactive * reactive);
  return {
    voltage,
    current: voltage > 0 ? apparent / voltage : 0,
    active,
    reactive,
    apparent,
    powerFactor: apparent > 0 ? active / apparent : 1,
  };
}

/** A phase with its contacts open: voltage present on the line side, nothing flowing. */
export function idlePhase(voltage: number): PhaseQuantities {
  return { voltage, current: 0, active: 0, reactive: 0, apparent: 0, powerFactor: 1 };
}

/** Line-to-line voltage between two phases 120° apart: |V1 − V2| = √(V1² + V2² + V1·V2). */
export function lineToLine(v1: number, v2: number): number {
  return Math.sqrt(v1 * v1 + v2 * v2 + v1 * v2);
}

export interface MeterTotals {
  /** Sum of phase currents, A (SunSpec's total current). */
  current: number;
  active: number;
  reactive: number;
  /** Vector apparent power √(P² + Q²), so the total obeys the same identity as each phase. */
  apparent: number;
  powerFactor: number;
}

export function totals(a: PhaseQuantities, b: PhaseQuantities, c: PhaseQuantities): MeterTotals {
  const active = a.active + b.active + c.active;
  const reactive = a.reactive + b.reactive + c.reactive;
  const apparent = Math.sqrt(active * active + reactive * reactive);
  return {
    current: a.current + b.current + c.current,
    active,
    reactive,
    apparent,
    powerFactor: apparent > 0 ? active / apparent : 1,
  };
}

/** Import and export energy counters, Wh: imported while P > 0, exported while P < 0. */
export class EnergyMeter {
  importWh: number;
  exportWh: number;

  constructor(importWh = 0, exportWh = 0) {
    this.importWh = importWh;
    this.exportWh = exportWh;
  }

  /** Adds P held for dtMs. */
  add(activeW: number, dtMs: number): void {
    const wh = (activeW * dtMs) / 3_600_000;
    if (wh >= 0) this.importWh += wh;
    else this.exportWh -= wh;
  }
}
