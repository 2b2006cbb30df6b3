import type { TelemetryRecord, TelemetryValue } from './model.ts';

interface Drift {
  perHour: number;
  sinceMs: number;
  /** Offset accumulated before `sinceMs`. */
  offset: number;
}

/**
 * Stuck, drifting and spiking readings, applied to any model's telemetry after the physics. Kept apart
 * from the models so every device type gets the same faults and the physics stays untouched by them.
 */
export class FaultLayer {
  // Created on first use: most devices never have a fault, and three empty Maps are ~700 bytes each device.
  private stuck: Map<string, TelemetryValue> | undefined;
  private drifts: Map<string, Drift> | undefined;
  private spikes: Map<string, number> | undefined;

  /** Whether any fault is set (lets the hot path skip `apply`). */
  get active(): boolean {
    return (this.stuck?.size ?? 0) > 0 || (this.drifts?.size ?? 0) > 0 || (this.spikes?.size ?? 0) > 0;
  }

  freeze(field: string, value: TelemetryValue): void {
    (this.stuck ??= new Map()).set(field, value);
  }

  releaseAll(): void {
    this.stuck?.clear();
  }

  setDrift(field: string, perHour: number, nowMs: number): void {
    const drifts = (this.drifts ??= new Map());
    const current = drifts.get(field);
    const offset = current ? driftOffset(current, nowMs) : 0;
    drifts.set(field, { perHour, sinceMs: nowMs, offset });
  }

  /** What `calibrate` does: accumulated drift back to zero, rates unchanged. */
  zeroDrift(nowMs: number): void {
    for (const d of this.drifts?.values() ?? []) {
      d.offset = 0;
      d.sinceMs = nowMs;
    }
  }

  spike(field: string, factor: number): void {
    (this.spikes ??= new Map()).set(field, factor);
  }

  clearSpikes(): void {
    if (this.spikes !== undefined && this.spikes.size > 0) this.spikes.clear();
  }

  /** Applies drift, then spikes, then stuck values (a stuck sensor ignores everything else). */
  apply(t: TelemetryRecord, nowMs: number): void {
    for (const [field, d] of this.drifts ?? []) {
      const v = t[field];
      if (typeof v === 'number') t[field] = roundLike(v, v + driftOffset(d, nowMs));
    }
    for (const [field, factor] of this.spikes ?? []) {
      const v = t[field];
      if (typeof v === 'number') t[field] = roundLike(v, v * factor);
    }
    for (const [field, value] of this.stuck ?? []) t[field] = value;
  }
}

function driftOffset(d: Drift, nowMs: number): number {
  return d.offset + (d.perHour * (nowMs - d.sinceMs)) / 3_600_000;
}

/** Integer fields (rssi, uptime_s) stay integers; others keep 3 decimals. */
function roundLike(original: number, value: number): number {
  return Number.isInteger(original) ? Math.round(value) : Math.round(value * 1000) / 1000;
}
