/**
 * A primary battery (2 × AA alkaline by default) drained by a constant current between samples.
 * Charge is counted in mAh; the voltage follows a discharge curve that sags near empty.
 */
export class Battery {
  readonly capacityMah: number;
  remainingMah: number;

  constructor(capacityMah: number, percent: number) {
    this.capacityMah = capacityMah;
    this.remainingMah = (capacityMah * Math.min(100, Math.max(0, percent))) / 100;
  }

  percent(): number {
    return (100 * this.remainingMah) / this.capacityMah;
  }

  /** Terminal voltage, V: 3.2 V full, 2.0 V empty (two alkaline cells). */
  voltage(): number {
    const soc = this.remainingMah / this.capacityMah;
    return 2.0 + 1.2 * (0.3 * soc + 0.7 * Math.sqrt(Math.sqrt(soc)));
  }

  drain(currentMa: number, dtMs: number): void {
    this.remainingMah = Math.max(0, this.remainingMah - (currentMa * dtMs) / 3_600_000);
  }

  /** Removes `percent` points of charge at once (a fault hook: a cold night, a bad cell). */
  drainPercent(percent: number): void {
    this.remainingMah = Math.max(0, this.remainingMah - (this.capacityMah * percent) / 100);
  }

  /** Time until the charge falls to `percent` at `currentMa`, ms (Infinity if never; 0 if already). */
  timeToPercentMs(percent: number, currentMa: number): number {
    const excessMah = this.remainingMah - (this.capacityMah * percent) / 100;
    if (excessMah <= 0) return 0;
    return currentMa > 0 ? (excessMah / currentMa) * 3_600_000 : Infinity;
  }
}
