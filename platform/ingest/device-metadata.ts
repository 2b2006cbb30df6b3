/**
 * Device metadata that payload mappings keep aside (status strings, free heap, IP address …): the
 * latest value of each key per device, in memory. Bounded per device so a device cannot grow it
 * without limit; not written to history (it is not telemetry).
 */
import type { FieldValue } from '../../twin/index.ts';

export const MAX_METADATA_KEYS = 50;
const MAX_TEXT = 200;

export interface MetadataEntry {
  value: FieldValue;
  /** When it was last reported, epoch ms. */
  ts: number;
}

export class DeviceMetadata {
  readonly #byDevice = new Map<string, Map<string, MetadataEntry>>();

  /** Keeps the latest values; keys past MAX_METADATA_KEYS for a device are dropped. */
  set(deviceId: string, values: Record<string, FieldValue>, ts: number): void {
    let kept = this.#byDevice.get(deviceId);
    if (kept === undefined) {
      kept = new Map();
      this.#byDevice.set(deviceId, kept);
    }
    for (const key in values) {
      const raw = values[key]!;
      const value = typeof raw === 'string' && raw.length > MAX_TEXT ? raw.slice(0, MAX_TEXT) : raw;
      const entry = kept.get(key);
      if (entry !== undefined) {
        entry.value = value;
        entry.ts = ts;
      } else if (kept.size < MAX_METADATA_KEYS) kept.set(key, { value, ts });
    }
  }

  get(deviceId: string): Record<string, MetadataEntry> {
    return Object.fromEntries(this.#byDevice.get(deviceId) ?? []);
  }

  delete(deviceId: string): void {
    this.#byDevice.delete(deviceId);
  }
}
