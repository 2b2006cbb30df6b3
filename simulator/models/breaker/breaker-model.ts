import { BaseModel } from '../base-model.ts';
import { daylight, hourOfDay, temperatureShape } from '../day-cycle.ts';
import type { CommandResult, ModelEvent } from '../model.ts';
import { ouShape, ouStart, ouStep, type OuShape } from '../ou-process.ts';
import { PoissonArrivals, Rng } from '../random.ts';
import { asNumber, clamp, round } from '../values.ts';
import { LoadProfile } from './load-profile.ts';
import { EnergyMeter, idlePhase, phaseQuantities, totals } from './meter.ts';
import type { PhaseQuantities } from './meter.ts';
import { resolveBreakerOptions } from './options.ts';
import type {
  BreakerDesired,
  BreakerModelOptions,
  BreakerState,
  BreakerTelemetry,
  ResolvedBreakerOptions,
  TripCause,
} from './options.ts';
import { breakerReadings } from './readings.ts';
import { magneticThresholdMultiple, ThermalReplica } from './trip-curve.ts';

const PHASES = ['a', 'b', 'c'] as const;
const HOUR_MS = 3_600_000;

const VOLTAGE_OU = ouShape(0.008, 300_000);
const PHASE_FIELDS = 6;
const PF_OU = ouShape(0.01, 600_000);

/**
 * A three-phase smart circuit breaker with a meter: grid voltage and frequency wander, a daily load with
 * appliances switching, I²R heating, IEC 60898-1 magnetic and thermal tripping, ground and arc faults.
 */
export class BreakerModel extends BaseModel<BreakerTelemetry, BreakerDesired> {
  readonly type = 'smart_breaker' as const;
  /** This device's magnetic threshold, multiple of In (seeded inside the curve's band). */
  readonly magneticThreshold: number;
  private readonly o: ResolvedBreakerOptions;
  private readonly noise: Rng;
  private readonly grid: Rng;
  private readonly faultRng: Rng;
  private readonly load: LoadProfile;
  // The grid's slow wanders (Ornstein–Uhlenbeck): plain numbers, so V8 keeps them unboxed.
  private readonly voltageOu: number[];
  private readonly frequencyShape: OuShape;
  private frequencyOu: number;
  private readonly pfOu: number[];
  private readonly basePf: number[];
  private readonly replicas = [new ThermalReplica(), new ThermalReplica(), new ThermalReplica()];
  private readonly groundFaults: PoissonArrivals;
  private readonly arcFaults: PoissonArrivals;
  private readonly energy = new EnergyMeter();
  private state: BreakerState;
  private lastCause: TripCause = 'none';
  private tripCount: number;
  private operatingMs: number;
  private bodyTempC: number;
  private intervalMs: number;
  private loadOverrideA: number | undefined;
  private pickupSinceMs: number | undefined;
  // The electrical state sampled at `now`, held until the next sample (zero-order hold).
  private lastSampleMs: number;
  /**
   * The sampled phases, PHASE_FIELDS numbers each (voltage, current, active, reactive, apparent, power
   * factor), in one array of plain numbers: V8 keeps them as raw doubles, where three objects (and their
   * totals) held 24 boxed ones (~0.5 KiB a breaker).
   */
  private readonly phaseData: number[] = new Array<number>(3 * PHASE_FIELDS).fill(0);
  private frequency = 0;
  private leakageMa = 0;
  private tempNoise = 0;

  constructor(options: BreakerModelOptions = {}) {
    const o = resolveBreakerOptions(options);
    super(o.startMs, o.fwVersion);
    this.o = o;
    const rng = new Rng(o.seed);
    this.magneticThreshold = magneticThresholdMultiple(o.curve, rng.fork(0));
    this.noise = rng.fork(1);
    this.grid = rng.fork(2);
    this.faultRng = rng.fork(3);
    const In = o.ratedCurrentA;
    this.load = new LoadProfile(
      {
        kind: o.profile,
        baseLoadA: o.baseLoadA,
        stepsPerHour: o.loadStepsPerHour,
        stepMinA: 0.05 * In,
        stepMaxA: 0.25 * In,
        stepMeanDurationMs: o.loadStepMeanDurationMs,
        utcOffsetMinutes: o.utcOffsetMinutes,
      },
      rng.fork(4),
      o.startMs,
    );
    this.voltageOu = PHASES.map(() => ouStart(VOLTAGE_OU, this.grid));
    this.frequencyShape = ouShape(0.02 / o.frequencyHz, 60_000);
    this.frequencyOu = ouStart(this.frequencyShape, this.grid);
    this.pfOu = PHASES.map(() => ouStart(PF_OU, this.grid));
    this.basePf = PHASES.map(() => this.grid.uniform(0.9, 0.98));
    this.groundFaults = new PoissonArrivals(rng.fork(5), o.groundFaultsPerDay / 24, o.startMs);
    this.arcFaults = new PoissonArrivals(rng.fork(6), o.arcFaultsPerDay / 24, o.startMs);
    this.state = o.closed ? 'closed' : 'open';
    this.tripCount = o.initialTripCount;
    this.operatingMs = o.initialOperatingHours * HOUR_MS;
    this.bodyTempC = this.ambientC();
    this.intervalMs = o.publishIntervalMs;
    this.lastSampleMs = o.startMs;
    this.resample();
  }

  /** Forces every phase's current to `amps` (no noise, no PV) until cleared with undefined. */
  setLoadOverride(amps: number | undefined): void {
    this.loadOverrideA = amps === undefined ? undefined : Math.max(0, amps);
    this.resample();
  }

  /** A ground fault of `leakageMa` now: trips at or above the residual-current threshold. */
  injectGroundFault(leakageMa = 100): void {
    const events: ModelEvent[] = [];
    this.groundFault(leakageMa, events);
    for (const e of events) this.emit(e);
  }

  /** An arc fault now: trips if closed. */
  injectArcFault(): void {
    const events: ModelEvent[] = [];
    this.arcFault(events);
    for (const e of events) this.emit(e);
  }

  /** Thermal replica state θ per pole (1 = trip level), for diagnostics and tests. */
  thermalState(): readonly number[] {
    return this.replicas.map((r) => r.theta);
  }

  protected override integrate(toMs: number, events: ModelEvent[]): void {
    const In = this.o.ratedCurrentA;
    while (this.now < toMs) {
      let end = Math.min(
        toMs,
        this.now + this.o.maxStepMs,
        this.load.nextChangeMs(),
        this.groundFaults.nextMs,
        this.arcFaults.nextMs,
      );
      let cause: TripCause | undefined;
      if (this.state === 'closed') {
        if (this.pickupSinceMs !== undefined) {
          const at = Math.max(this.now, this.pickupSinceMs + this.o.magneticTripDelayMs);
          if (at <= end) [end, cause] = [at, 'magnetic'];
        }
        for (let p = 0; p < 3; p++) {
          const t = this.replicas[p]?.timeToTripMs(this.current(p) / In) ?? Infinity;
          const at = this.now + Math.ceil(t);
          if (at < end || (at === end && cause === undefined)) [end, cause] = [at, 'thermal'];
        }
      }
      this.hold(end - this.now);
      this.now = end;
      if (cause) this.trip(cause, events);
      while (this.groundFaults.nextMs <= end) {
        this.groundFaults.shift();
        this.groundFault(this.faultRng.uniform(30, 300), events);
      }
      while (this.arcFaults.nextMs <= end) {
        this.arcFaults.shift();
        this.arcFault(events);
      }
      this.load.advanceTo(end);
      this.resample();
    }
  }

  /** Integrates the held electrical state over dtMs: replica, body temperature, energy, hours. */
  private hold(dtMs: number): void {
    if (dtMs <= 0) return;
    const In = this.o.ratedCurrentA;
    let heat = 0;
    for (let p = 0; p < 3; p++) {
      const m = this.current(p) / In;
      this.replicas[p]?.advance(m, dtMs);
      heat += (m * m) / 3;
    }
    const steady = this.ambientC() + this.o.tempRiseAtRatedC * heat;
    this.bodyTempC = steady + (this.bodyTempC - steady) * Math.exp(-dtMs / this.o.bodyTimeConstantMs);
    const d = this.phaseData;
    // The same sum totals() makes of the three phases.
    this.energy.add(
      (d[2] as number) + (d[2 + PHASE_FIELDS] as number) + (d[2 + 2 * PHASE_FIELDS] as number),
      dtMs,
    );
    if (this.state === 'closed') this.operatingMs += dtMs;
  }

  private ambientC(): number {
    return this.o.ambientC + 2 * temperatureShape(hourOfDay(this.now, this.o.utcOffsetMinutes));
  }

  /** Samples voltages, currents and powers at `now`; they hold until the next sample. */
  private resample(): void {
    const o = this.o;
    const dt = this.now - this.lastSampleMs;
    this.lastSampleMs = this.now;
    this.frequencyOu = ouStep(this.frequencyOu, this.frequencyShape, dt, this.grid);
    this.frequency = o.frequencyHz * (1 + this.frequencyOu);
    const sun = o.pvPeakW > 0 ? daylight(this.now, o.utcOffsetMinutes, o.latitudeDeg) : 0;
    const closed = this.state === 'closed';
    const override = this.loadOverrideA;
    const phases: PhaseQuantities[] = [];
    let maxCurrent = 0;
    for (let p = 0; p < 3; p++) {
      const vOu = (this.voltageOu[p] = ouStep(this.voltageOu[p] ?? 0, VOLTAGE_OU, dt, this.grid));
      const v = o.nominalVoltage * (1 + vOu);
      const pfOu = (this.pfOu[p] = ouStep(this.pfOu[p] ?? 0, PF_OU, dt, this.grid));
      const pf = clamp((this.basePf[p] ?? 0.95) + pfOu, 0.5, 0.999);
      const noisy = this.load.currentA(p, this.now) * Math.max(0, 1 + this.noise.normal(0, o.loadNoise));
      let q = idlePhase(v);
      if (closed && override !== undefined) q = phaseQuantities(v, override, pf, 0);
      else if (closed) q = phaseQuantities(v, noisy, pf, (o.pvPeakW / 3) * sun);
      phases.push(q);
      const d = this.phaseData;
      const at = p * PHASE_FIELDS;
      d[at] = q.voltage;
      d[at + 1] = q.current;
      d[at + 2] = q.active;
      d[at + 3] = q.reactive;
      d[at + 4] = q.apparent;
      d[at + 5] = q.powerFactor;
      if (q.current > maxCurrent) maxCurrent = q.current;
    }
    const [a, b, c] = phases as [PhaseQuantities, PhaseQuantities, PhaseQuantities];
    const sum = totals(a, b, c);
    const leak = 0.3 + (1.2 * sum.current) / (3 * o.ratedCurrentA) + this.noise.normal(0, 0.05);
    this.leakageMa = closed ? Math.max(0, leak) : 0;
    this.tempNoise = this.noise.normal(0, 0.05);
    if (closed && maxCurrent >= this.magneticThreshold * o.ratedCurrentA) this.pickupSinceMs ??= this.now;
    else this.pickupSinceMs = undefined;
  }

  private trip(cause: TripCause, events: ModelEvent[]): void {
    const currents = [this.current(0), this.current(1), this.current(2)];
    const current = Math.max(...currents);
    const phase = currents.indexOf(current);
    this.state = 'tripped';
    this.lastCause = cause;
    this.tripCount++;
    this.pickupSinceMs = undefined;
    events.push({
      ts: this.now,
      type: 'trip',
      cause,
      phase: PHASES[phase],
      current: round(current, 3),
      multiple: round(current / this.o.ratedCurrentA, 3),
    });
  }

  private groundFault(leakageMa: number, events: ModelEvent[]): void {
    if (this.state !== 'closed') return; // no current flows, nothing leaks
    events.push({ ts: this.now, type: 'ground_fault', current_ma: round(leakageMa, 1) });
    if (leakageMa >= this.o.groundFaultTripMa) {
      this.trip('ground_fault', events);
      this.resample();
    }
  }

  private arcFault(events: ModelEvent[]): void {
    if (this.state !== 'closed') return;
    events.push({ ts: this.now, type: 'arc_fault' });
    this.trip('arc_fault', events);
    this.resample();
  }

  override applyDesired(patch: Partial<BreakerDesired>): void {
    const interval = asNumber(patch.interval_s);
    if (interval !== undefined) this.intervalMs = clamp(interval, 0.1, 3600) * 1000;
    if (patch.closed === true && this.state === 'open') this.setState('closed');
    if (patch.closed === false && this.state === 'closed') this.setState('open');
  }

  override reported(): Record<string, unknown> {
    return { closed: this.state === 'closed', interval_s: this.intervalMs / 1000 };
  }

  override command(name: string): CommandResult {
    switch (name) {
      case 'open':
        if (this.state === 'closed') this.setState('open');
        return { ok: true, result: { breaker_state: this.state } };
      case 'close':
        if (this.state === 'tripped') {
          return { ok: false, error: `breaker tripped (${this.lastCause}): send reset before close` };
        }
        if (this.state === 'open') this.setState('closed');
        return { ok: true, result: { breaker_state: this.state } };
      case 'reset':
        // Clears the trip and leaves the contacts open: reclosing onto a fault is a separate, deliberate close.
        if (this.state === 'tripped') this.setState('open');
        return { ok: true, result: { breaker_state: this.state } };
      default:
        return { ok: false, error: `unknown command '${name}' for smart_breaker (open, close, reset)` };
    }
  }

  private setState(next: BreakerState): void {
    if (next === 'open' && this.state === 'closed') this.lastCause = 'manual';
    this.state = next;
    this.resample();
  }

  override publishIntervalMs(): number {
    return this.intervalMs;
  }

  /** Phase p's current at the last sample, A. */
  private current(p: number): number {
    return this.phaseData[p * PHASE_FIELDS + 1] ?? 0;
  }

  /** Phase p as sampled last. */
  private phase(p: number): PhaseQuantities {
    const d = this.phaseData;
    const i = p * PHASE_FIELDS;
    return {
      voltage: d[i] as number,
      current: d[i + 1] as number,
      active: d[i + 2] as number,
      reactive: d[i + 3] as number,
      apparent: d[i + 4] as number,
      powerFactor: d[i + 5] as number,
    };
  }

  protected override sample(): BreakerTelemetry {
    const phases: [PhaseQuantities, PhaseQuantities, PhaseQuantities] = [
      this.phase(0),
      this.phase(1),
      this.phase(2),
    ];
    return breakerReadings({
      uptimeS: this.uptimeS(),
      fwVersion: this.fwVersion,
      phases,
      totals: totals(...phases),
      frequencyHz: this.frequency,
      importWh: this.energy.importWh,
      exportWh: this.energy.exportWh,
      temperatureC: this.bodyTempC + this.tempNoise,
      state: this.state,
      tripCount: this.tripCount,
      lastCause: this.lastCause,
      leakageMa: this.leakageMa,
      operatingHours: this.operatingMs / HOUR_MS,
      options: this.o,
    });
  }
}
