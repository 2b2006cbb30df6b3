import { FaultLayer } from './faults.ts';
import type { CommandResult, DeviceModel, ModelEvent, ModelType, TelemetryRecord } from './model.ts';

/**
 * What every model shares: virtual time, uptime and firmware, the fault layer and the queue of events
 * raised between two `advance` calls. Subclasses integrate their physics and build their readings.
 */
export abstract class BaseModel<
  TTelemetry extends TelemetryRecord,
  TDesired extends object,
> implements DeviceModel<TTelemetry, TDesired> {
  abstract readonly type: ModelType;
  protected now: number;
  protected bootMs: number;
  protected fwVersion: string;
  protected readonly faults = new FaultLayer();
  private pending: ModelEvent[] = [];

  protected constructor(startMs: number, fwVersion: string) {
    this.now = startMs;
    this.bootMs = startMs;
    this.fwVersion = fwVersion;
  }

  /** Moves the physics from `this.now` to `toMs`, pushing events in time order; `this.now` is then set. */
  protected abstract integrate(toMs: number, events: ModelEvent[]): void;
  /** A fresh readings object at `this.now`, before faults. Must not draw random numbers. */
  protected abstract sample(): TTelemetry;

  abstract applyDesired(patch: Partial<TDesired>): void;
  abstract reported(): Record<string, unknown>;
  abstract command(name: string, params?: Record<string, unknown>): CommandResult;
  abstract publishIntervalMs(): number;

  nowMs(): number {
    return this.now;
  }

  advance(toMs: number): ModelEvent[] {
    const events = this.pending;
    this.pending = [];
    if (toMs > this.now) {
      this.faults.clearSpikes();
      this.integrate(toMs, events);
      this.now = toMs;
    }
    return events;
  }

  step(dtMs: number): ModelEvent[] {
    return this.advance(this.now + dtMs);
  }

  telemetry(): TTelemetry {
    const t = this.sample();
    if (this.faults.active) this.faults.apply(t, this.now);
    return t;
  }

  isOnline(): boolean {
    return true;
  }

  /** Seconds since the last boot, as the contract's integer `uptime_s`. */
  protected uptimeS(): number {
    return this.now > this.bootMs ? Math.floor((this.now - this.bootMs) / 1000) : 0;
  }

  /** Queues an event raised outside `integrate` (hooks, commands); the next `advance` returns it. */
  protected emit(event: ModelEvent): void {
    this.pending.push(event);
  }

  setStuck(field: string | undefined): void {
    if (field === undefined) {
      this.faults.releaseAll();
      return;
    }
    const value = this.telemetry()[field];
    if (value === undefined) throw new RangeError(`setStuck: ${this.type} has no reading '${field}' now`);
    this.faults.freeze(field, value);
  }

  setDrift(field: string, perHour: number): void {
    this.requireNumeric('setDrift', field);
    this.faults.setDrift(field, perHour, this.now);
  }

  spike(field: string, factor: number): void {
    this.requireNumeric('spike', field);
    this.faults.spike(field, factor);
  }

  reboot(atMs: number = this.now): void {
    this.bootMs = atMs;
    this.onReboot(atMs);
    this.emit({ ts: atMs, type: 'reboot' });
  }

  /** Device-specific effects of a reboot (the camera's stream drops while it starts). */
  protected onReboot(_atMs: number): void {}

  setFirmware(version: string): void {
    this.fwVersion = version;
  }

  private requireNumeric(hook: string, field: string): void {
    if (typeof this.sample()[field] !== 'number') {
      throw new RangeError(`${hook}: ${this.type} has no numeric reading '${field}'`);
    }
  }
}
