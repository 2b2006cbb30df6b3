/** A running fleet: its devices, virtual time, faults, backfill and stats. */
import type { DeviceContext } from '../device/device-context.ts';
import type { SimDevice } from '../device/sim-device.ts';
import type { FleetDevice } from '../gateway/build.ts';
import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';
import { Rng, derive, type ModelOptionsByType } from '../models/index.ts';
import { backfill, type BackfillOptions, type BackfillResult } from './backfill.ts';
import type { FleetClock } from './clock.ts';
import type { DeviceSelector, Fault } from './fault-types.ts';
import { injectFault, type FaultHandle } from './faults.ts';
import { RateMeter, type FleetStats } from './stats.ts';
import { selectDevices } from './selector.ts';

export interface Fleet extends AsyncDisposable {
  readonly name: string;
  readonly devices: readonly SimDevice[];
  /** The device with this id, if any. */
  device(id: string): SimDevice | undefined;
  select(selector: DeviceSelector): SimDevice[];
  /** Applies a fault to the selected devices (all when no selector); `handle.clear()` ends a lasting one. */
  inject(fault: Fault, selector?: DeviceSelector): FaultHandle;
  /** Jumps virtual time forward: models integrate, publishes due in the window go out with their virtual ts. */
  advance(durationMs: number): Promise<void>;
  /** History with past timestamps, published fast (QoS 1, bounded window); resolves when the broker has it. */
  backfill(o: BackfillOptions): Promise<BackfillResult>;
  /** Virtual now, ms epoch. */
  now(): number;
  stats(): FleetStats;
  /** Clean disconnects (status offline), no last will. */
  stop(): Promise<void>;
}

/** Pending QoS 1 messages across the fleet above which advance() waits for the broker to catch up. */
const ADVANCE_HIGH_WATER = 50_000;

export class SimFleet implements Fleet {
  readonly name: string;
  readonly devices: readonly FleetDevice[];
  private readonly byId: Map<string, FleetDevice>;
  private readonly ctx: DeviceContext;
  private readonly clock: FleetClock;
  private readonly optionsOf: (d: FleetDevice) => ModelOptionsByType[FleetDevice['type']];
  private readonly selectRng: Rng;
  private readonly faults = new Set<FaultHandle>();
  private readonly rate = new RateMeter();
  private readonly startedReal = performance.now();
  private readonly onProgress: ((s: FleetStats) => void) | undefined;
  private progressTimer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;
  private lastRate = 0;

  constructor(o: {
    name: string;
    seed: number;
    devices: FleetDevice[];
    ctx: DeviceContext;
    optionsOf: (d: FleetDevice) => ModelOptionsByType[FleetDevice['type']];
    onProgress?: ((s: FleetStats) => void) | undefined;
    progressIntervalMs: number;
  }) {
    this.name = o.name;
    this.devices = o.devices;
    this.byId = new Map(o.devices.map((d) => [d.id, d]));
    this.ctx = o.ctx;
    this.clock = o.ctx.clock;
    this.optionsOf = o.optionsOf;
    this.selectRng = new Rng(derive(o.seed, 0x5e1ec7));
    this.onProgress = o.onProgress;
    this.progressTimer = setInterval(() => this.progress(), o.progressIntervalMs);
    this.progressTimer.unref();
  }

  private alive(what: string): void {
    if (this.stopping)
      throw new SimulatorError(
        SIMULATOR_ERROR_CODES.STOPPED,
        `fleet ${this.name} is stopped: cannot ${what}; start a new fleet`,
      );
  }

  progress(): void {
    this.lastRate = this.rate.sample(performance.now(), this.ctx.counters.published);
    this.onProgress?.(this.stats());
  }

  device(id: string): SimDevice | undefined {
    return this.byId.get(id);
  }

  now(): number {
    return this.clock.now();
  }

  select(selector: DeviceSelector): SimDevice[] {
    return selectDevices(this.devices, selector, this.selectRng);
  }

  inject(fault: Fault, selector?: DeviceSelector): FaultHandle {
    this.alive(`inject ${fault.kind}`);
    const selected = selectDevices(this.devices, selector, this.selectRng);
    const handle = injectFault(
      fault,
      selected,
      { now: () => this.clock.now(), at: (t, fn) => this.at(t, fn) },
      this.faults,
    );
    this.ctx.log.info({ fault, devices: handle.deviceIds.length }, 'fault injected');
    return handle;
  }

  /** Runs `fn` at virtual time `atMs` (through the fleet's scheduler). */
  at(atMs: number, fn: () => void): void {
    this.ctx.scheduler.schedule(atMs, { run: () => !this.stopping && fn() });
  }

  async advance(durationMs: number): Promise<void> {
    this.alive('advance');
    if (!(durationMs >= 0)) {
      throw new SimulatorError(
        SIMULATOR_ERROR_CODES.BAD_OPTIONS,
        `advance(durationMs) needs a number >= 0, got ${durationMs}`,
      );
    }
    const target = this.clock.now() + durationMs;
    // Jump through the window a minute of virtual time at a time (straight to the next due task when
    // nothing is due sooner): tasks run in time order with their own due time, so payload timestamps
    // are exact whatever the step; between steps, wait when too much is in flight for the broker.
    while (this.clock.now() < target) {
      const now = this.clock.now();
      const step = Math.min(target, Math.max(this.ctx.scheduler.nextAt(), now) + 60_000);
      this.clock.advance(step - now);
      await this.ctx.scheduler.runDue();
      if (this.pending() > ADVANCE_HIGH_WATER) await this.drain(ADVANCE_HIGH_WATER / 5);
    }
    await this.ctx.scheduler.runDue();
    await this.drain(0);
  }

  /** QoS 1 messages not yet acknowledged, fleet-wide. */
  pending(): number {
    let n = 0;
    for (const d of this.devices) n += d.pending;
    return n;
  }

  /** Waits until at most `room` messages are pending (connected devices only: a down device keeps its queue). */
  private async drain(room: number, timeoutMs = 30_000): Promise<void> {
    const perDevice = Math.floor(room / Math.max(1, this.devices.length));
    let timer: NodeJS.Timeout | undefined;
    const all = Promise.all(this.devices.filter((d) => d.connected).map((d) => d.waitForRoom(perDevice)));
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    const outcome = await Promise.race([all, late]);
    clearTimeout(timer);
    if (outcome === 'late')
      this.ctx.log.warn({ pending: this.pending() }, 'messages still unacknowledged after 30 s; going on');
  }

  async backfill(o: BackfillOptions): Promise<BackfillResult> {
    this.alive('backfill');
    const t0 = performance.now();
    const result = await backfill(this.devices, o, this.clock.now(), this.optionsOf);
    this.ctx.log.info({ ...result, ms: Math.round(performance.now() - t0) }, 'backfill done');
    return result;
  }

  stats(): FleetStats {
    const c = this.ctx.counters;
    return {
      devices: this.devices.length,
      connected: c.connected,
      disconnected: this.devices.length - c.connected,
      published: c.published,
      telemetry: c.telemetry,
      events: c.events,
      publishRate: this.lastRate,
      commands: c.commands,
      deltas: c.deltas,
      inflight: this.pending(),
      dropped: c.dropped,
      errors: c.errors,
      ...(c.lastError !== undefined ? { lastError: c.lastError } : {}),
      faultsActive: this.faults.size,
      reconnects: c.reconnects,
      virtualNowMs: this.clock.now(),
      speed: this.clock.speed,
      elapsedMs: Math.round(performance.now() - this.startedReal),
      rssBytes: process.memoryUsage.rss(),
    };
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const d of this.devices) d.halt(); // clearing faults below must not reconnect anyone
      for (const f of [...this.faults]) f.clear(); // heals partitions, so the offline status gets out
      this.ctx.scheduler.stop();
      this.ctx.delays.close();
      if (this.progressTimer) clearInterval(this.progressTimer);
      this.progressTimer = undefined;
      await Promise.all(this.devices.map((d) => d.stop()));
      this.ctx.log.info({ name: this.name, ...this.stats() }, 'fleet stopped');
    })();
    return this.stopping;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }
}
