import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';

/** `'real'`: virtual time is wall-clock time; `{ speed }`: it runs `speed` × real time (0 = paused). */
export type ClockSetting = 'real' | { speed: number };

/** A monotonic real-time source in ms (injected in tests). */
export type RealTime = () => number;

/**
 * The fleet's virtual clock: `startMs` plus `speed` × the real time elapsed plus every `advance`.
 * Everything a device puts in a payload (`ts`, model time) comes from here; only network behaviour
 * (keepalive, reconnect backoff, command latency) runs on real time.
 */
export class FleetClock {
  readonly speed: number;
  private readonly startMs: number;
  private readonly realStart: number;
  private readonly realNow: RealTime;
  private offsetMs = 0;

  constructor(
    setting: ClockSetting = 'real',
    startMs: number = Date.now(),
    realNow: RealTime = performance.now.bind(performance),
  ) {
    const speed = setting === 'real' ? 1 : setting.speed;
    if (!(typeof speed === 'number' && Number.isFinite(speed) && speed >= 0)) {
      throw new SimulatorError(
        SIMULATOR_ERROR_CODES.BAD_OPTIONS,
        `clock.speed must be a finite number >= 0 (0 = paused, 1 = real time), got ${String(speed)}`,
      );
    }
    if (!Number.isFinite(startMs)) {
      throw new SimulatorError(
        SIMULATOR_ERROR_CODES.BAD_OPTIONS,
        `startMs must be an epoch time in ms, got ${startMs}`,
      );
    }
    this.speed = speed;
    this.startMs = startMs;
    this.realNow = realNow;
    this.realStart = realNow();
  }

  /** Virtual now, whole ms since the epoch. */
  now(): number {
    return Math.floor(this.startMs + this.offsetMs + (this.realNow() - this.realStart) * this.speed);
  }

  /** Jumps virtual time forward by `ms` (negative values are ignored: time does not go back). */
  advance(ms: number): void {
    if (ms > 0) this.offsetMs += ms;
  }

  /** Real ms until virtual time reaches `atMs` (0 if past, Infinity while paused). */
  realDelayUntil(atMs: number): number {
    const ahead = atMs - this.now();
    if (ahead <= 0) return 0;
    return this.speed === 0 ? Infinity : ahead / this.speed;
  }
}
