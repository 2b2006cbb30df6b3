import type { Clock } from '../../twin/index.ts';
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
export class FleetClock implements Clock {
  readonly speed: number;
  private readonly startMs: number;
  private realStart: number;
  /** Held at `startMs` (plus advances) until `release`: virtual time starts once the fleet is up. */
  private held = false;
  private readonly realNow: RealTime;
  private offsetMs = 0;
  /** Sleepers woken early by `advance` (timers only cover the running clock). */
  private readonly sleepers = new Set<() => void>();

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
    if (this.held) return Math.floor(this.startMs + this.offsetMs);
    return Math.floor(this.startMs + this.offsetMs + (this.realNow() - this.realStart) * this.speed);
  }

  /**
   * Holds virtual time at the start until `release`. A fleet with a given start holds it while its
   * connections come up, so what a device publishes on connecting, and which readings fall before it
   * is up, do not depend on how fast the broker answered: same seed + start = same messages.
   */
  hold(): void {
    this.held = true;
  }

  /** Lets virtual time run (from where it was held) and wakes the sleepers to re-arm their timers. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    this.realStart = this.realNow();
    for (const check of [...this.sleepers]) check();
  }

  /** Jumps virtual time forward by `ms` (negative values are ignored: time does not go back). */
  advance(ms: number): void {
    if (ms <= 0) return;
    this.offsetMs += ms;
    for (const check of [...this.sleepers]) check();
  }

  /**
   * Resolves once virtual time has moved `ms` on (twin's `Clock`): after `ms / speed` real ms, or
   * sooner when `advance` jumps past it; a paused clock (speed 0) wakes only through `advance`.
   * Rejects with the signal's reason when aborted.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const target = this.now() + Math.max(0, ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (error?: unknown) => {
        clearTimeout(timer);
        this.sleepers.delete(check);
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined) resolve();
        else reject(error as Error);
      };
      const onAbort = () => finish(signal?.reason ?? new Error('aborted'));
      const check = () => {
        if (this.now() >= target) return finish();
        clearTimeout(timer);
        const delay = this.realDelayUntil(target);
        // Real time runs a little behind virtual rounding: wake at least 1 ms later and look again.
        if (delay !== Infinity) timer = setTimeout(check, Math.max(1, Math.ceil(delay)));
      };
      this.sleepers.add(check);
      signal?.addEventListener('abort', onAbort, { once: true });
      check();
    });
  }

  /** Real ms until virtual time reaches `atMs` (0 if past, Infinity while paused). */
  realDelayUntil(atMs: number): number {
    const ahead = atMs - this.now();
    if (ahead <= 0) return 0;
    return this.speed === 0 || this.held ? Infinity : ahead / this.speed;
  }
}
