/**
 * The platform's REST and stream shapes the viewer reads: imported from twin/ (the one vocabulary), plus
 * the two fleet-history answers the viewer's replay uses.
 */
import type { CommandView, JsonValue, TelemetryValue } from '../../../twin/index.ts';

export type {
  CommandView as CommandRecord,
  DeviceRecord,
  DeviceSummary as DeviceListEntry,
  HistoryAnswer,
  Location as DeviceLocation,
  TelemetryValue,
  TwinChange,
  TwinView,
} from '../../../twin/index.ts';

export type CommandStatus = CommandView['status'];

/** A classic shadow's state as the viewer keeps it (the wire types say `unknown`; see `asShadowState`). */
export interface ShadowState {
  desired?: Record<string, JsonValue>;
  reported?: Record<string, JsonValue>;
  delta?: Record<string, JsonValue>;
}

const isObject = (v: unknown): v is Record<string, JsonValue> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function asShadowState(state: {
  desired?: unknown;
  reported?: unknown;
  delta?: unknown;
}): ShadowState {
  return {
    ...(isObject(state.desired) ? { desired: state.desired } : {}),
    ...(isObject(state.reported) ? { reported: state.reported } : {}),
    ...(isObject(state.delta) ? { delta: state.delta } : {}),
  };
}

/** `GET /history/snapshot?at=&fields=`: each device's latest values at or before `at`. */
export interface FleetSnapshot {
  at: number;
  devices: {
    id: string;
    type: string;
    online: boolean | null;
    /** Time of the newest value used; null when the device has none. */
    ts: number | null;
    fields: Record<string, TelemetryValue>;
  }[];
}

/** `GET /history/fleet?from=&to=&every=&fields=`: the last value of every bucket, and the events. */
export interface FleetHistory {
  from: number;
  to: number;
  every: number;
  devices: {
    id: string;
    type: string;
    series: Record<string, [number, TelemetryValue | null][]>;
    online: [number, boolean][];
  }[];
  events: ({ t: number; deviceId: string; type: string } & Record<string, unknown>)[];
}
