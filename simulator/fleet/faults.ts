/**
 * Fault injection: what each kind of docs/simulator-contract.md does to the selected devices, and the
 * handle that ends a lasting fault. Durations are on the fleet clock (virtual time), so a 10-minute
 * partition lasts one real minute at speed 10; rates (flood) and latencies are real time.
 */
import { isChild, resolveRadio, type ChildDevice, type FleetDevice } from '../gateway/index.ts';
import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';
import type { AnyDeviceModel } from '../models/index.ts';
import { checkFault } from './fault-check.ts';
import { FAULT_DEVICE_TYPES, RADIO_FAULT_KINDS, type Fault } from './fault-types.ts';
import { startFlood } from './flood.ts';

export interface FaultHandle {
  readonly id: number;
  readonly fault: Fault;
  /** The devices the fault was applied to. */
  readonly deviceIds: readonly string[];
  /** False once cleared (one-shot faults such as reboot or spike are never active). */
  readonly active: boolean;
  /** Ends a lasting fault (idempotent). */
  clear(): void;
}

/** What applying a fault needs from the fleet. */
export interface FaultHost {
  now(): number;
  /** Runs `fn` at virtual `atMs`. */
  at(atMs: number, fn: () => void): void;
}

type Undo = (() => void) | undefined;

function reading(m: AnyDeviceModel, field: string): unknown {
  return (m.telemetry() as Record<string, unknown>)[field];
}

/** Whether `fault` can happen to `d` (type and, for field faults, the reading). */
function applies(fault: Fault, d: FleetDevice): boolean {
  if (RADIO_FAULT_KINDS.has(fault.kind)) return isChild(d);
  const types = FAULT_DEVICE_TYPES[fault.kind];
  if (types && !(types as readonly string[]).includes(d.type)) return false;
  if (fault.kind === 'drift' || fault.kind === 'spike')
    return typeof reading(d.model, fault.field) === 'number';
  if (fault.kind === 'stuck') return reading(d.model, fault.field) !== undefined;
  return true;
}

/** Applies `fault` to one device; returns how to undo it when it lasts. */
function applyOne(fault: Fault, d: FleetDevice, now: number): Undo {
  const m = d.model;
  switch (fault.kind) {
    case 'disconnect':
      void d.goOffline(fault.clean ?? false, true);
      return () => d.release();
    case 'reconnect_storm':
      void d.goOffline(false, false); // the device reconnects on its own, with backoff and jitter
      return undefined;
    case 'partition':
      d.setPartitioned(true);
      return () => d.setPartitioned(false);
    case 'drop_publishes':
      d.faultState().dropRate = fault.rate;
      return () => (d.faultState().dropRate = 0);
    case 'latency':
      d.faultState().latencyMs = fault.ms;
      return () => (d.faultState().latencyMs = 0);
    case 'clock_skew':
      d.faultState().skewMs = fault.ms;
      return () => (d.faultState().skewMs = 0);
    case 'malformed':
      d.faultState().malformedRate = fault.rate ?? 1;
      return () => (d.faultState().malformedRate = 0);
    case 'stuck':
      m.advance(now);
      m.setStuck(fault.field);
      return () => m.setStuck(undefined);
    case 'drift':
      m.advance(now);
      m.setDrift(fault.field, fault.perHour);
      return () => m.setDrift(fault.field, 0); // stops growing; `calibrate` zeroes the offset
    case 'spike':
      m.advance(now);
      m.spike(fault.field, fault.factor);
      if (d.connected) d.publishTelemetry(); // the spike lives in this one reading
      return undefined;
    case 'battery_depletion':
      // `in` narrows too: a type loaded from a device-type file has a plain string name.
      if (m.type === 'env_sensor' && 'drainBattery' in m) {
        m.advance(now);
        m.drainBattery(fault.percent ?? 100);
      }
      d.afterChange(now);
      return undefined;
    case 'reboot':
      d.reboot();
      return undefined;
    case 'firmware':
      m.setFirmware(fault.version);
      d.fwVersion = fault.version;
      d.reboot(); // an update ends in a restart; the birth message then carries the new version
      return undefined;
    case 'overload':
      if (m.type !== 'smart_breaker' || !('setLoadOverride' in m)) return undefined;
      m.advance(now);
      m.setLoadOverride(fault.amps);
      d.afterChange(now);
      d.wakeAt(now + 50); // a magnetic trip follows in ~10 ms: publish it at once
      return () => {
        m.advance(Math.max(now, m.nowMs()));
        m.setLoadOverride(undefined);
        d.afterChange();
      };
    case 'ground_fault':
    case 'arc_fault':
      if (m.type !== 'smart_breaker' || !('injectGroundFault' in m)) return undefined;
      m.advance(now);
      if (fault.kind === 'ground_fault') m.injectGroundFault(fault.mA ?? 100);
      else m.injectArcFault();
      d.afterChange(now);
      return undefined;
    case 'motion':
      if (m.type !== 'camera' || !('injectMotion' in m)) return undefined;
      m.advance(now);
      m.injectMotion();
      d.afterChange(now);
      return undefined;
    case 'flood':
      return undefined; // fleet-wide, see startFlood
    case 'radio_loss':
    case 'radio_latency':
    case 'duty_cycle':
    case 'mesh_drop':
      return isChild(d) ? applyRadio(fault, d) : undefined;
  }
}

/** A radio fault on one child; returns how to undo it. */
function applyRadio(fault: Fault, d: ChildDevice): Undo {
  const r = d.radioFaultState();
  switch (fault.kind) {
    case 'radio_loss':
      r.loss = fault.rate;
      return () => delete r.loss;
    case 'radio_latency':
      r.latencyMs = fault.ms;
      return () => delete r.latencyMs;
    case 'duty_cycle':
      r.radio = resolveRadio({
        dutyCyclePercent: fault.percent,
        airtimeMs: fault.airtimeMs ?? d.radio.airtimeMs,
      });
      return () => delete r.radio;
    case 'mesh_drop':
      void d.goOffline(false, true);
      return () => d.release();
    default:
      return undefined;
  }
}

let nextFaultId = 1;

/** Applies a checked fault to the selected devices and returns its handle. */
export function injectFault(
  input: unknown,
  selected: readonly FleetDevice[],
  host: FaultHost,
  active: Set<FaultHandle>,
): FaultHandle {
  const fault = checkFault(input);
  const targets = selected.filter((d) => applies(fault, d));
  if (selected.length === 0) {
    throw new SimulatorError(
      SIMULATOR_ERROR_CODES.EMPTY_SELECTION,
      `No device matched the selector for the ${fault.kind} fault.`,
    );
  }
  if (targets.length === 0) {
    const types = FAULT_DEVICE_TYPES[fault.kind];
    const why = RADIO_FAULT_KINDS.has(fault.kind)
      ? 'it applies to children behind a gateway only (select them, e.g. tag via:gateway)'
      : types
        ? `it applies to ${types.join(', ')} only`
        : `none of them has a numeric reading '${(fault as { field?: string }).field}'`;
    throw new SimulatorError(
      SIMULATOR_ERROR_CODES.FAULT_NOT_APPLICABLE,
      `The ${fault.kind} fault cannot apply to the ${selected.length} selected device(s) (${selected[0]?.type}…): ${why}. Select other devices.`,
    );
  }
  const now = host.now();
  const undos: (() => void)[] = [];
  if (fault.kind === 'flood') undos.push(startFlood(targets, fault.ratePerSecond));
  for (const d of targets) {
    const undo = applyOne(fault, d, now);
    if (undo) undos.push(undo);
  }
  let isActive = undos.length > 0;
  const handle: FaultHandle = {
    id: nextFaultId++,
    fault,
    deviceIds: targets.map((d) => d.id),
    get active() {
      return isActive;
    },
    clear() {
      if (!isActive) return;
      isActive = false;
      active.delete(handle);
      for (const undo of undos) undo();
    },
  };
  if (isActive) {
    active.add(handle);
    const duration = (fault as { durationMs?: number }).durationMs;
    if (duration !== undefined) host.at(now + duration, () => handle.clear());
  }
  return handle;
}
