/**
 * The fleet as it was at an instant, from the platform's fleet history (the last value of each bucket,
 * counted at the bucket's end so nothing from after the instant leaks in) and an exact snapshot taken
 * where the user stopped the scrubber. Pure: tests feed it answers by hand.
 */
import type { FleetHistory, FleetSnapshot, TelemetryValue } from '../api/wire.ts';

export interface ReplayDeviceState {
  fields: Record<string, TelemetryValue>;
  fieldTs: Record<string, number>;
  online: boolean | null;
  lastEvent: Record<string, number>;
}

export interface ReplayEvent {
  t: number;
  deviceId: string;
  type: string;
}

interface Series {
  ends: number[];
  values: (TelemetryValue | null)[];
}

interface DeviceHistory {
  series: Map<string, Series>;
  online: [number, boolean][];
  events: ReplayEvent[];
}

/** Index of the last element of `xs` (sorted) that is ≤ t, or −1. */
export function lastAtOrBefore(xs: readonly number[], t: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export class ReplayModel {
  readonly from: number;
  readonly to: number;
  readonly every: number;
  readonly events: ReplayEvent[];
  readonly #devices = new Map<string, DeviceHistory>();
  #snapshot: FleetSnapshot | undefined;

  constructor(history: FleetHistory) {
    this.from = history.from;
    this.to = history.to;
    this.every = history.every;
    this.events = history.events
      .map((e) => ({ t: e.t, deviceId: e.deviceId, type: e.type }))
      .sort((a, b) => a.t - b.t);
    for (const d of history.devices) {
      const series = new Map<string, Series>();
      for (const [field, points] of Object.entries(d.series)) {
        const sorted = [...points].sort((a, b) => a[0] - b[0]);
        series.set(field, { ends: sorted.map((p) => p[0] + history.every), values: sorted.map((p) => p[1]) });
      }
      this.#devices.set(d.id, { series, online: [...d.online].sort((a, b) => a[0] - b[0]), events: [] });
    }
    for (const e of this.events) this.#devices.get(e.deviceId)?.events.push(e);
  }

  /** An exact state at `snapshot.at`, preferred over buckets that end earlier. */
  setSnapshot(snapshot: FleetSnapshot | undefined): void {
    this.#snapshot = snapshot;
  }

  ids(): string[] {
    return [...this.#devices.keys()];
  }

  stateAt(id: string, t: number): ReplayDeviceState {
    const out: ReplayDeviceState = { fields: {}, fieldTs: {}, online: null, lastEvent: {} };
    const snap =
      this.#snapshot && this.#snapshot.at <= t ? this.#snapshot.devices.find((d) => d.id === id) : undefined;
    if (snap) {
      for (const [k, v] of Object.entries(snap.fields)) {
        out.fields[k] = v;
        out.fieldTs[k] = snap.ts ?? t;
      }
      out.online = snap.online;
    }
    const d = this.#devices.get(id);
    if (!d) return out;
    for (const [field, s] of d.series) {
      const i = lastAtOrBefore(s.ends, t);
      if (i < 0) continue;
      // the newest non-null bucket at or before i
      let j = i;
      while (j >= 0 && s.values[j] === null) j--;
      if (j < 0) continue;
      const at = s.ends[j] as number;
      if ((out.fieldTs[field] ?? Number.NEGATIVE_INFINITY) > at) continue;
      out.fields[field] = s.values[j] as TelemetryValue;
      out.fieldTs[field] = at;
    }
    const o =
      d.online[
        lastAtOrBefore(
          d.online.map((p) => p[0]),
          t,
        )
      ];
    if (o && (!snap || o[0] >= (snap.ts ?? Number.NEGATIVE_INFINITY))) out.online = o[1];
    else if (o && out.online === null) out.online = o[1];
    for (const e of d.events) if (e.t <= t) out.lastEvent[e.type] = e.t;
    return out;
  }
}

/** A bucket size that gives at most `maxBuckets` over the span, as the API writes it (10s, 1m, 1h…). */
export function bucketFor(spanMs: number, maxBuckets = 300): string {
  const steps: [number, string][] = [
    [10_000, '10s'],
    [30_000, '30s'],
    [60_000, '1m'],
    [300_000, '5m'],
    [900_000, '15m'],
    [1_800_000, '30m'],
    [3_600_000, '1h'],
    [10_800_000, '3h'],
    [21_600_000, '6h'],
    [86_400_000, '1d'],
  ];
  for (const [ms, text] of steps) if (spanMs / ms <= maxBuckets) return text;
  return '1d';
}
