import type { CommandRecord } from '../commands/tracker.ts';
import type { DeviceRecord } from '../registry/registry.ts';

export type TelemetryValue = number | boolean | string;

/** Everything that changes a twin. History stores them; the WebSocket stream sends them. */
export type TwinChange =
  | {
      kind: 'telemetry';
      deviceId: string;
      ts: number;
      seq?: number;
      /** Device's send time, epoch ms, when it gave one. */
      sent?: number;
      /** True when `ts` is the arrival time because the device gave none. */
      arrivalTime?: boolean;
      fields: Record<string, TelemetryValue>;
    }
  | {
      kind: 'shadow';
      deviceId: string;
      shadowName?: string;
      ts: number;
      version: number;
      deleted?: boolean;
      state: { desired?: unknown; reported?: unknown; delta?: unknown };
      metadata?: unknown;
    }
  | { kind: 'liveness'; deviceId: string; ts: number; online: boolean; reason: string }
  | { kind: 'event'; deviceId: string; ts: number; event: { type: string } & Record<string, unknown> }
  | { kind: 'command'; deviceId: string; ts: number; command: CommandRecord }
  | { kind: 'device'; deviceId: string; ts: number; device: DeviceRecord };

export type TwinChangeListener = (change: TwinChange) => void;

/** A tiny synchronous fan-out; listeners must not throw (history and stream catch their own errors). */
export class ChangeBus {
  readonly #listeners = new Set<TwinChangeListener>();

  on(listener: TwinChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(change: TwinChange): void {
    for (const l of this.#listeners) l(change);
  }
}
