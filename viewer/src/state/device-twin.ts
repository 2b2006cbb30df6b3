/** What the viewer knows about one device: its registration and the latest of everything that changes it. */
import type { CommandRecord, DeviceRecord, ShadowState, TelemetryValue } from '../api/wire.ts';

export interface DeviceTwin {
  device: DeviceRecord;
  /** null: not known (a snapshot without liveness). */
  online: boolean | null;
  lastSeen?: number;
  /** Latest telemetry, field by field, with the time of each field. */
  fields: Record<string, TelemetryValue>;
  fieldTs: Record<string, number>;
  /** The classic shadow, when known. */
  shadow?: ShadowState;
  shadowVersion?: number;
  /** Time of the latest event of each type (a motion pulse, a trip). */
  lastEvent: Record<string, number>;
  /** Commands seen for this device, newest last (at most 20). */
  commands: CommandRecord[];
}

export function emptyTwin(device: DeviceRecord): DeviceTwin {
  return { device, online: null, fields: {}, fieldTs: {}, lastEvent: {}, commands: [] };
}

/** The values bindings look at: reported shadow state under telemetry (telemetry is the newer truth). */
export function valuesOf(twin: DeviceTwin): Record<string, TelemetryValue> {
  const out: Record<string, TelemetryValue> = {};
  for (const [k, v] of Object.entries(twin.shadow?.reported ?? {}))
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') out[k] = v;
  return Object.assign(out, twin.fields);
}
