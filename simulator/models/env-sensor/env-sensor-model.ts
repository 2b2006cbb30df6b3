import { BaseModel } from '../base-model.ts';
import { dayOfYear, hourOfDay, occupancyShape, sunElevationSine, temperatureShape } from '../day-cycle.ts';
import type { CommandResult, ModelEvent } from '../model.ts';
import { ouShape, ouStart, ouStep, type OuShape } from '../ou-process.ts';
import { PoissonArrivals, Rng } from '../random.ts';
import { asNumber, clamp, round } from '../values.ts';
import { Battery } from './battery.ts';
import { resolveEnvSensorOptions } from './options.ts';
import type {
  EnvSensorDesired,
  EnvSensorOptions,
  EnvSensorTelemetry,
  ResolvedEnvSensorOptions,
} from './options.ts';

const HOUR_MS = 3_600_000;
/** An identify blink draws this much more, mA (LED). */
const IDENTIFY_CURRENT_MA = 5;

/**
 * A battery-powered environment sensor (BME680-like plus light, sound, PIR): diurnal temperature with
 * humidity tied to it, slow weather, daylight, occupancy, Poisson motion, battery and radio. Each step
 * costs a handful of exact OU updates, so fleets can backfill days of history quickly.
 */
// The slow wanders (Ornstein–Uhlenbeck), in `ou` in this order: weather (the model's own sigma), then these.
const WEATHER = 0;
const HUMIDITY = 1;
const PRESSURE = 2;
const GAS = 3;
const RSSI = 4;
const CLOUD = 5;
const SHAPES: readonly (OuShape | undefined)[] = [
  undefined,
  ouShape(3, 3 * HOUR_MS),
  ouShape(7, 36 * HOUR_MS),
  ouShape(0.25, 3 * HOUR_MS),
  ouShape(4, 2 * HOUR_MS),
  ouShape(0.25, 4 * HOUR_MS),
];

export class EnvSensorModel extends BaseModel<EnvSensorTelemetry, EnvSensorDesired> {
  readonly type = 'env_sensor' as const;
  private readonly o: ResolvedEnvSensorOptions;
  private readonly rng: Rng;
  private readonly motion: PoissonArrivals;
  private readonly battery: Battery;
  private readonly weatherShape: OuShape;
  /** The values of the slow wanders (WEATHER, HUMIDITY …): numbers only, kept unboxed. */
  private readonly ou: number[];
  private readonly basePressure: number;
  private readonly gasBaselineOhm: number;
  private tempBias: number;
  private humidityBias: number;
  private intervalMs: number;
  private deepSleep: boolean;
  private alive = true;
  private lastMotionMs = -Infinity;
  private identifyUntilMs = -Infinity;
  // Fast noise drawn at each step, so telemetry() is a pure read.
  private tempNoise = 0;
  private lightNoise = 0;
  private soundNoise = 0;
  private rssiNoise = 0;

  constructor(options: EnvSensorOptions = {}) {
    const rng = new Rng(options.seed ?? 1);
    const identity = rng.fork(0);
    const o = resolveEnvSensorOptions(options, {
      meanRssiDbm: Math.round(identity.uniform(-80, -55)),
      initialBatteryPercent: identity.uniform(70, 100),
    });
    super(o.startMs, o.fwVersion);
    this.o = o;
    this.rng = rng.fork(1);
    this.motion = new PoissonArrivals(rng.fork(2), o.motionEventsPerHour, o.startMs);
    this.battery = new Battery(o.batteryCapacityMah, o.initialBatteryPercent);
    // Each unit is a little off, as real sensors are until calibrated.
    this.tempBias = identity.normal(0, 0.3);
    this.humidityBias = identity.normal(0, 1.5);
    this.gasBaselineOhm = identity.uniform(80_000, 300_000);
    this.basePressure = 1013.25 * (1 - 2.25577e-5 * o.altitudeM) ** 5.25588;
    this.weatherShape = ouShape(o.weatherSigmaC, 6 * HOUR_MS);
    this.ou = SHAPES.map((shape) => ouStart(shape ?? this.weatherShape, this.rng));
    this.intervalMs = o.publishIntervalMs;
    this.deepSleep = o.deepSleep;
  }

  /** Removes `percent` points of battery charge now (fault hook). */
  drainBattery(percent: number): void {
    const events: ModelEvent[] = [];
    const before = this.battery.percent();
    this.battery.drainPercent(percent);
    this.checkBattery(before, this.now, events);
    for (const e of events) this.emit(e);
  }

  /** Mean current drawn now, mA: idle or sleep, plus publishing (more retries at weak signal). */
  private currentMa(): number {
    const o = this.o;
    const radioFactor = 1 + Math.max(0, (-75 - (o.meanRssiDbm + (this.ou[RSSI] as number))) / 20);
    let ma = this.deepSleep ? o.sleepCurrentMa : o.idleCurrentMa;
    ma += (o.publishChargeMAs * radioFactor * 1000) / this.intervalMs;
    if (this.identifyUntilMs > this.now) ma += IDENTIFY_CURRENT_MA;
    return ma;
  }

  protected override integrate(toMs: number, events: ModelEvent[]): void {
    const dt = toMs - this.now;
    let deadAt = this.alive ? Infinity : this.now;
    if (this.alive) {
      const ma = this.currentMa();
      const before = this.battery.percent();
      deadAt = this.now + Math.ceil(this.battery.timeToPercentMs(0, ma));
      const lowAt = this.now + Math.ceil(this.battery.timeToPercentMs(this.o.batteryLowPercent, ma));
      this.battery.drain(ma, dt);
      this.checkBattery(before, Math.min(lowAt, toMs), events, Math.min(deadAt, toMs));
    }
    // Arrivals are drawn even while dead, so the motion stream never depends on the battery.
    let sorted = events.length === 0;
    while (this.motion.nextMs <= toMs) {
      const at = this.motion.shift();
      if (at >= deadAt) continue;
      this.lastMotionMs = at;
      events.push({ ts: at, type: 'motion' });
      sorted = false;
    }
    if (!sorted) events.sort((a, b) => a.ts - b.ts);
    const ou = this.ou;
    for (let i = 0; i < ou.length; i++) {
      ou[i] = ouStep(ou[i] as number, SHAPES[i] ?? this.weatherShape, dt, this.rng);
    }
    this.tempNoise = this.rng.normal(0, 0.05);
    this.lightNoise = this.rng.normal(0, 0.02);
    this.soundNoise = this.rng.normal(0, 1.5);
    this.rssiNoise = this.rng.normal(0, 1.5);
  }

  /** Emits battery_low / battery_empty when the charge crossed those levels since `beforePercent`. */
  private checkBattery(beforePercent: number, lowAt: number, events: ModelEvent[], emptyAt = lowAt): void {
    const now = this.battery.percent();
    const low = this.o.batteryLowPercent;
    if (beforePercent > low && now <= low) events.push({ ts: lowAt, type: 'battery_low', battery: low });
    if (this.alive && now <= 0) {
      this.alive = false;
      events.push({ ts: emptyAt, type: 'battery_empty' });
    }
  }

  override isOnline(): boolean {
    return this.alive;
  }

  override applyDesired(patch: Partial<EnvSensorDesired>): void {
    const interval = asNumber(patch.interval_s);
    if (interval !== undefined) this.intervalMs = clamp(interval, 1, 86_400) * 1000;
    if (typeof patch.deep_sleep === 'boolean') this.deepSleep = patch.deep_sleep;
  }

  override reported(): Record<string, unknown> {
    return { interval_s: this.intervalMs / 1000, deep_sleep: this.deepSleep };
  }

  override command(name: string, params: Record<string, unknown> = {}): CommandResult {
    if (!this.alive) return { ok: false, error: 'env_sensor is offline: battery empty' };
    switch (name) {
      case 'identify': {
        const duration = params['duration_s'] === undefined ? 10 : asNumber(params['duration_s']);
        if (duration === undefined || duration < 1 || duration > 600) {
          return {
            ok: false,
            error: `identify: duration_s must be a number in 1..600, got ${String(params['duration_s'])}`,
          };
        }
        this.identifyUntilMs = this.now + duration * 1000;
        return { ok: true, result: { identify_until: this.identifyUntilMs } };
      }
      case 'reboot':
        this.reboot(this.now);
        return { ok: true };
      case 'calibrate':
        // Zeroes the unit's own offsets and any drift accumulated so far.
        this.tempBias = 0;
        this.humidityBias = 0;
        this.faults.zeroDrift(this.now);
        return { ok: true, result: { calibrated_at: this.now } };
      default:
        return { ok: false, error: `unknown command '${name}' for env_sensor (identify, reboot, calibrate)` };
    }
  }

  override publishIntervalMs(): number {
    return this.intervalMs;
  }

  protected override sample(): EnvSensorTelemetry {
    const o = this.o;
    const now = this.now;
    const hour = hourOfDay(now, o.utcOffsetMinutes);
    const air =
      o.meanTemperatureC + o.temperatureAmplitudeC * temperatureShape(hour) + (this.ou[WEATHER] as number);
    // Absolute humidity changes slowly; saturation pressure rises ~6.5 %/°C, so RH falls as air warms.
    const rh = o.meanHumidity * Math.exp(-0.065 * (air - o.meanTemperatureC)) + (this.ou[HUMIDITY] as number);
    const tide = 0.4 * Math.cos((Math.PI * (hour - 10)) / 6); // semidiurnal atmospheric tide
    const people = occupancyShape(hour);
    const sun = sunElevationSine(hour, dayOfYear(now), o.latitudeDeg);
    const cloud = clamp(0.75 + (this.ou[CLOUD] as number), 0.15, 1);
    const recentMotion = now - this.lastMotionMs;
    return {
      uptime_s: this.uptimeS(),
      fw_version: this.fwVersion,
      temperature: round(air + this.tempBias + this.tempNoise, 2),
      humidity: round(clamp(rh + this.humidityBias, 0, 100), 1),
      pressure: round(this.basePressure + (this.ou[PRESSURE] as number) + tide, 2),
      gas_resistance: Math.round(this.gasBaselineOhm * Math.exp((this.ou[GAS] as number) - 0.5 * people)),
      light: sun > 0 ? round(o.peakLux * sun * cloud * Math.max(0, 1 + this.lightNoise), 1) : 0,
      sound: round(clamp(32 + 13 * people + (recentMotion < 60_000 ? 8 : 0) + this.soundNoise, 0, 140), 1),
      motion: recentMotion >= 0 && recentMotion < Math.max(o.motionHoldMs, this.intervalMs),
      battery: round(this.battery.percent(), 1),
      battery_voltage: round(this.battery.voltage(), 3),
      rssi: Math.round(clamp(o.meanRssiDbm + (this.ou[RSSI] as number) + this.rssiNoise, -130, 0)),
    };
  }
}
