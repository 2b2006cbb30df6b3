/**
 * The interface every device model implements. Models are pure: no I/O, no timers, no wall clock. A runner
 * owns virtual time and moves each model forward with `advance(toMs)`, then reads `telemetry()`.
 */

import type { DeviceType, FieldValue } from '../../twin/index.ts';

/** A device type: a built-in one (twin's `DeviceType`) or one loaded from a device-type file. */
export type ModelType = DeviceType | (string & {});

/** A telemetry field value (the contract's number, integer, boolean and string kinds). */
export type TelemetryValue = FieldValue;

/** Telemetry fields by contract name (undefined = not reported, e.g. a camera's last_motion_at before any). */
export type TelemetryRecord = Record<string, TelemetryValue | undefined>;

/**
 * Something that happened at virtual time `ts` (ms epoch). `type` and the other keys are the contract's
 * event envelope as is: `{ ts, type: 'trip', cause: 'thermal', … }`.
 */
export interface ModelEvent {
  readonly ts: number;
  readonly type: string;
  readonly [detail: string]: unknown;
}

export type CommandResult = { ok: true; result?: unknown } | { ok: false; error: string };

/** Fault injection a scenario can drive, common to all models. */
export interface FaultHooks {
  /** Freezes `field` at its current reading (more calls add fields); undefined releases all of them. */
  setStuck(field: string | undefined): void;
  /** Adds an offset to numeric `field` growing by `perHour` per virtual hour from now (0 stops growing). */
  setDrift(field: string, perHour: number): void;
  /** Multiplies numeric `field` by `factor` in the current reading only (until the model next advances). */
  spike(field: string, factor: number): void;
  /** Restarts the device at `atMs` (default: now): uptime counts from there; emits a `reboot` event. */
  reboot(atMs?: number): void;
  /** Sets the firmware version reported as `fw_version`. */
  setFirmware(version: string): void;
}

export interface DeviceModel<TTelemetry extends TelemetryRecord, TDesired extends object> extends FaultHooks {
  readonly type: ModelType;
  /** Virtual time the model has reached, ms epoch. */
  nowMs(): number;
  /**
   * Integrates the device's physics up to virtual time `toMs` and returns what happened on the way (trip,
   * motion, ground_fault, battery_low …), oldest first, including events raised by hooks or commands
   * since the last call. Going backwards is a no-op. Same seed, options and calls → same results.
   */
  advance(toMs: number): ModelEvent[];
  /** `advance(nowMs() + dtMs)`. */
  step(dtMs: number): ModelEvent[];
  /** Readings at `nowMs()`, with contract field names; a pure read (faults applied, no randomness drawn). */
  telemetry(): TTelemetry;
  /** Obeys desired state (a validated shadow delta); out-of-range values are clamped, unknown keys ignored. */
  applyDesired(patch: Partial<TDesired>): void;
  /** What the device reports to its shadow, e.g. `{ closed, interval_s }`. */
  reported(): Record<string, unknown>;
  /** Executes a contract command at `nowMs()` (advance first to the command's time). */
  command(name: string, params?: Record<string, unknown>): CommandResult;
  /** How often the device publishes telemetry now, ms (desired `interval_s` when it has one). */
  publishIntervalMs(): number;
  /** False while the device cannot talk (camera rebooting, sensor battery empty): the runner stays silent. */
  isOnline(): boolean;
}
