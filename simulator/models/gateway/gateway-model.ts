import { BaseModel } from '../base-model.ts';
import type { CommandResult, ModelEvent } from '../model.ts';
import { OuProcess } from '../ou-process.ts';
import { Rng } from '../random.ts';
import { asNumber, clamp, round } from '../values.ts';
import {
  resolveGatewayOptions,
  type GatewayChildStats,
  type GatewayDesired,
  type GatewayOptions,
  type GatewayTelemetry,
  type ResolvedGatewayOptions,
} from './options.ts';

const NO_CHILDREN: GatewayChildStats = {
  connected: 0,
  known: 0,
  queueDepth: 0,
  dropped: 0,
  dutyCyclePercent: 0,
};

/**
 * A gateway's own readings: uplink signal, uptime, and the figures of its children that the runner
 * carrying them reports through `setChildStats` (the model is pure and knows no child itself).
 * `permit_join` and `remove_child` are recorded here; the runner acts on them (`takeRemovals`).
 */
export class GatewayModel extends BaseModel<GatewayTelemetry, GatewayDesired> {
  readonly type = 'gateway' as const;
  private readonly o: ResolvedGatewayOptions;
  private readonly rng: Rng;
  private readonly rssiOu: OuProcess;
  private stats: GatewayChildStats = NO_CHILDREN;
  private intervalMs: number;
  private permitJoinUntilMs = -Infinity;
  private rebootUntilMs = -Infinity;
  private removals: string[] = [];

  constructor(options: GatewayOptions = {}) {
    const rng = new Rng(options.seed ?? 1);
    const o = resolveGatewayOptions(options, { meanUplinkRssiDbm: rng.fork(0).uniform(-75, -45) });
    super(o.startMs, o.fwVersion);
    this.o = o;
    this.rng = rng.fork(1);
    this.rssiOu = new OuProcess(this.rng, 3, 300_000);
    this.intervalMs = o.publishIntervalMs;
  }

  /** The runner's figures of the children now (shown in the next telemetry). */
  setChildStats(stats: GatewayChildStats): void {
    this.stats = stats;
  }

  /** Children the platform asked to remove since the last call (the runner disconnects them). */
  takeRemovals(): string[] {
    const out = this.removals;
    this.removals = [];
    return out;
  }

  /** Whether new children may join now (permit_join open). */
  joinOpen(): boolean {
    return this.now < this.permitJoinUntilMs;
  }

  override isOnline(): boolean {
    return this.now >= this.rebootUntilMs;
  }

  protected override onReboot(atMs: number): void {
    this.rebootUntilMs = atMs + this.o.rebootDurationMs;
  }

  protected override integrate(toMs: number, _events: ModelEvent[]): void {
    this.rssiOu.step(toMs - this.now, this.rng);
  }

  override applyDesired(patch: Partial<GatewayDesired>): void {
    const interval = asNumber(patch.interval_s);
    if (interval !== undefined) this.intervalMs = clamp(interval, 1, 86_400) * 1000;
    const join = asNumber(patch.permit_join);
    if (join !== undefined) this.permitJoinUntilMs = this.now + clamp(join, 0, 3600) * 1000;
  }

  override reported(): Record<string, unknown> {
    const open = Math.max(0, Math.ceil((this.permitJoinUntilMs - this.now) / 1000));
    return { interval_s: this.intervalMs / 1000, permit_join: open };
  }

  override command(name: string, params: Record<string, unknown> = {}): CommandResult {
    switch (name) {
      case 'permit_join': {
        const s = clamp(asNumber(params.duration_s) ?? 60, 1, 3600);
        this.permitJoinUntilMs = this.now + s * 1000;
        return { ok: true, result: { open_until: this.permitJoinUntilMs } };
      }
      case 'remove_child': {
        const child = params.child;
        if (typeof child !== 'string' || child === '') {
          return { ok: false, error: 'remove_child: give the child id as params.child' };
        }
        this.removals.push(child);
        return { ok: true, result: { removed: child } };
      }
      case 'reboot':
        this.reboot(this.now);
        return { ok: true, result: { back_at: this.rebootUntilMs } };
      default:
        return {
          ok: false,
          error: `unknown command '${name}' for gateway (permit_join, remove_child, reboot)`,
        };
    }
  }

  override publishIntervalMs(): number {
    return this.intervalMs;
  }

  protected override sample(): GatewayTelemetry {
    return {
      uptime_s: this.uptimeS(),
      fw_version: this.fwVersion,
      children_connected: this.stats.connected,
      children_known: this.stats.known,
      uplink_rssi: round(clamp(this.o.meanUplinkRssiDbm + this.rssiOu.value, -130, 0), 1),
      queue_depth: this.stats.queueDepth,
      dropped_messages: this.stats.dropped,
      duty_cycle_percent: round(clamp(this.stats.dutyCyclePercent, 0, 100), 3),
      radio: this.o.radio,
      channel: this.o.channel,
    };
  }
}
