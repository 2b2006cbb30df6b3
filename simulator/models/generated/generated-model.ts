/**
 * A device of a type defined in a device-type file: each telemetry field comes from its generator
 * (constant, walk, sine, steps, counter, cycle, or derived from other fields), seeded and deterministic
 * like the hand-modelled types; faults (stuck, drift, spike, reboot, firmware) come from BaseModel's
 * fault layer exactly as for them. Desired properties are kept and reported; `interval_s` sets the
 * publish interval. Commands of the type succeed once their parameters check out; `reboot` reboots.
 */
import {
  evaluateExpression,
  parseCommandRequest,
  type DeviceTypeDefinition,
  type Expr,
  type FieldSpec,
  type FieldValue,
} from '../../../twin/index.ts';
import { BaseModel } from '../base-model.ts';
import type { CommandResult, ModelEvent, TelemetryRecord } from '../model.ts';
import { Rng, type Seed } from '../random.ts';
import { clamp, round } from '../values.ts';
import { fieldState, type FieldClock, type FieldState } from './field-state.ts';

export interface GeneratedModelOptions {
  /** Seed of every random draw. Default 1. */
  seed?: Seed;
  /** Virtual start, ms epoch. Default 0. */
  startMs?: number;
  /** Publish interval, ms. Default the type file's `simulate.interval` (10s). */
  publishIntervalMs?: number;
  /** Reported as `fw_version`. Default '1.0.0'. */
  fwVersion?: string;
}

type Step =
  | { name: string; spec: FieldSpec; state: FieldState; rng: Rng }
  | { name: string; spec: FieldSpec; expr: Expr };

export class GeneratedModel extends BaseModel<TelemetryRecord, Record<string, FieldValue>> {
  readonly type: string;
  private readonly definition: DeviceTypeDefinition;
  private readonly steps: Step[];
  private readonly startMs: number;
  private readonly desired: Record<string, FieldValue> = {};
  private intervalMs: number;

  constructor(definition: DeviceTypeDefinition, options: GeneratedModelOptions = {}) {
    const startMs = options.startMs ?? 0;
    super(startMs, options.fwVersion ?? '1.0.0');
    this.type = definition.name;
    this.definition = definition;
    this.startMs = startMs;
    this.intervalMs = options.publishIntervalMs ?? definition.simulation.publishIntervalMs;
    const rng = new Rng(options.seed ?? 1);
    const { generators, order } = definition.simulation;
    // One stream per field, by its place in the file: adding a field does not change the others.
    const streamOf = new Map(Object.keys(generators).map((name, i) => [name, i]));
    this.steps = order.map((name) => {
      const g = generators[name]!;
      const spec = definition.spec.telemetry[name]!;
      return g.kind === 'derive'
        ? { name, spec, expr: g.expr }
        : { name, spec, state: fieldState(g, startMs), rng: rng.fork(streamOf.get(name)!) };
    });
  }

  protected override integrate(toMs: number, _events: ModelEvent[]): void {
    for (const s of this.steps) if ('state' in s) s.state.step(this.now, toMs, s.rng);
  }

  protected override sample(): TelemetryRecord {
    const t: TelemetryRecord = { uptime_s: this.uptimeS(), fw_version: this.fwVersion };
    const clock: FieldClock = { now: this.now, startMs: this.startMs, bootMs: this.bootMs };
    const read = (name: string) => {
      const v = t[name];
      return v === undefined ? undefined : v;
    };
    for (const s of this.steps) {
      const raw = 'state' in s ? s.state.value(clock) : evaluateExpression(s.expr, read);
      t[s.name] = fit(raw, s.spec);
    }
    return t;
  }

  override applyDesired(patch: Partial<Record<string, FieldValue>>): void {
    for (const [name, value] of Object.entries(patch)) {
      const spec = this.definition.spec.desired[name];
      if (spec === undefined || value === undefined) continue;
      const v = fit(value, spec);
      if (v === undefined) continue;
      this.desired[name] = v;
      if (name === 'interval_s' && typeof v === 'number' && v > 0) this.intervalMs = v * 1000;
    }
  }

  override reported(): Record<string, unknown> {
    return { ...this.desired };
  }

  override command(name: string, params: Record<string, unknown> = {}): CommandResult {
    const checked = parseCommandRequest(this.type, name, params);
    if (!checked.ok) return { ok: false, error: checked.errors.join('; ') };
    if (name === 'reboot') {
      this.reboot(this.now);
      return { ok: true };
    }
    return { ok: true, result: { command: name, at: this.now } };
  }

  override publishIntervalMs(): number {
    return this.intervalMs;
  }
}

/** A generated value as the field allows it: integers rounded, numbers to 3 places and clamped; else undefined. */
function fit(value: FieldValue | undefined, spec: FieldSpec): FieldValue | undefined {
  if (value === undefined) return undefined;
  switch (spec.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'string':
      if (typeof value !== 'string') return undefined;
      return spec.enum === undefined || spec.enum.includes(value) ? value : undefined;
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
      const v = clamp(value, spec.min ?? -Infinity, spec.max ?? Infinity);
      return spec.kind === 'integer' ? Math.round(v) : round(v, 3);
    }
  }
}
