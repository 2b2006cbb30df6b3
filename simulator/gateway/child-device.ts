/**
 * A child device behind a gateway: the same models, commands and shadow handling as a connected device,
 * but no socket, no client and no buffers of its own. What it sends crosses the simulated radio
 * (radio.ts) to its gateway, which carries it upstream; what the platform sends it arrives through the
 * gateway. Kept small: 90,000 of these live in one process.
 */
import { parseChildShadowDelta, type ChildReading } from '../../twin/index.ts';
import { handleCommand, type CommandTarget } from '../device/command-handler.ts';
import type { DeviceContext } from '../device/device-context.ts';
import { DeviceCore, RNG_FAULT, type DeviceSettings } from '../device/device-core.ts';
import { newFaultState, type DeviceFaultState } from '../device/device-faults.ts';
import { handleDelta, type ShadowTarget } from '../device/shadow-handler.ts';
import type { SimDevice } from '../device/sim-device.ts';
import { BOOT_MS } from '../device/virtual-device.ts';
import type { DeviceIdentity } from '../fleet/identities.ts';
import type { ScheduledTask } from '../fleet/scheduler.ts';
import type { AnyDeviceModel, ModelEvent } from '../models/index.ts';
import { transmit, type Radio, type RadioFaultState } from './radio.ts';

/** Seeded stream of the radio (loss, jitter). */
export const RNG_RADIO = 4;

/** What a child needs from its gateway. */
export interface ChildUplink {
  readonly id: string;
  /** The gateway's own connection is up (CONNACK received). */
  readonly connected: boolean;
  readonly context: DeviceContext;
  /** A reading for the next batch (kept while the gateway is down, up to its queue). */
  queueReading(reading: ChildReading): void;
  /** Any other message about a child, at once (dropped while the gateway is down). */
  relay(kind: 'events' | 'commandResponse' | 'shadowUpdate', body: object): void;
  /** The child joined (or joins again): the gateway announces it. */
  joined(child: ChildDevice): void;
  /** The child left the mesh. */
  left(child: ChildDevice, reason: 'left' | 'lost' | 'removed'): void;
}

export class ChildDevice extends DeviceCore implements SimDevice, ScheduledTask, CommandTarget, ShadowTarget {
  readonly model: AnyDeviceModel;
  readonly gateway: ChildUplink;
  /** The group's radio, shared by every child of the group. */
  readonly radio: Radio;
  fwVersion: string;
  seq = 0;
  faults: DeviceFaultState | undefined;
  radioFaults: RadioFaultState | undefined;
  /** Duty-cycle silence until this virtual time. */
  quietUntil = -Infinity;
  protected readonly settings: DeviceSettings;
  private nextAt = Infinity;
  private lastTelemetryTs = -Infinity;
  private reportedJson: string | undefined;
  /** On the mesh (not dropped off by a fault, not removed, not stopped). */
  private onMesh = false;
  /** The model is down (dead battery, rebooting). */
  private modelDown = false;
  private bootUntilMs = -Infinity;
  private stopped = false;
  /** Counted in the fleet's `connected` (announced through a connected gateway). */
  private counted = false;

  constructor(
    identity: DeviceIdentity,
    model: AnyDeviceModel,
    settings: DeviceSettings,
    gateway: ChildUplink,
    radio: Radio,
  ) {
    super(identity);
    this.model = model;
    this.settings = settings;
    this.gateway = gateway;
    this.radio = radio;
    this.fwVersion = identity.fwVersion;
  }

  get type() {
    return this.identity.type;
  }
  get index(): number {
    return this.identity.index;
  }
  get tags() {
    return this.identity.tags;
  }
  get location() {
    return this.identity.location;
  }
  /** On the mesh and its gateway is connected. */
  get connected(): boolean {
    return this.onMesh && !this.modelDown && this.gateway.connected;
  }
  get ready(): boolean {
    return this.connected;
  }
  /** A child holds no QoS 1 messages of its own (its gateway does). */
  get pending(): number {
    return 0;
  }
  /** Whether the child is on the mesh (a gateway announces only those). */
  get present(): boolean {
    return this.onMesh && !this.modelDown && !this.stopped;
  }

  private get ctx(): DeviceContext {
    return this.gateway.context;
  }
  protected fleetContext(): DeviceContext {
    return this.gateway.context;
  }

  now(): number {
    return this.ctx.clock.now();
  }

  /** Joins the mesh and starts publishing at `firstAt` (virtual). */
  start(firstAt: number): void {
    this.nextAt = firstAt;
    this.ctx.scheduler.schedule(firstAt, this);
    this.join();
  }

  private join(): void {
    if (this.stopped || this.onMesh || this.faults?.heldDown || this.faults?.partitioned) return;
    this.onMesh = true;
    this.gateway.joined(this);
  }

  /** Counts the child in the fleet's `connected` while it is announced through a connected gateway. */
  linked(on: boolean): void {
    if (on === this.counted) return;
    this.counted = on;
    this.ctx.counters.connected += on ? 1 : -1;
  }

  /** What the gateway sends upstream when it announces this child: its reported state, a reading. */
  announced(): void {
    this.linked(true);
    this.reportShadow(true);
    this.sync(this.now());
    if (this.connected) this.publishTelemetry();
  }

  run(atMs: number): void {
    if (this.stopped || atMs !== this.nextAt) return;
    this.sync(atMs);
    if (this.connected) this.publishTelemetry();
    if (this.held) this.wakeHeld();
    this.nextAt = atMs + this.model.publishIntervalMs();
    this.ctx.scheduler.schedule(this.nextAt, this);
  }

  sync(atMs: number): void {
    for (const e of this.model.advance(atMs)) this.publishEvent(e);
    const online = this.model.isOnline() && this.model.nowMs() >= this.bootUntilMs;
    if (!online && !this.modelDown) {
      this.modelDown = true;
      if (this.onMesh) this.gateway.left(this, 'lost');
    } else if (online && this.modelDown) {
      this.modelDown = false;
      if (this.onMesh) this.gateway.joined(this);
    }
  }

  wakeAt(atMs: number): void {
    this.ctx.scheduler.schedule(atMs, { run: (t) => !this.stopped && this.afterChange(t) });
  }

  intervalChanged(): void {
    const candidate = this.now() + this.model.publishIntervalMs();
    if (candidate < this.nextAt && !this.stopped) {
      this.nextAt = candidate;
      this.ctx.scheduler.schedule(candidate, this);
    }
  }

  // --- over the radio ---

  /** Whether an uplink message crosses the radio now; runs `deliver` then (after the radio's latency). */
  private overRadio(deliver: () => void): void {
    const f = this.faults;
    if (f && f.dropRate > 0 && this.rng(RNG_FAULT).chance(f.dropRate)) {
      this.ctx.counters.dropped++;
      return;
    }
    const verdict = transmit(this.radio, this.radioFaults, this, this.now(), () => this.rng(RNG_RADIO));
    if (!verdict.sent) {
      this.ctx.counters.dropped++;
      return;
    }
    const delay = verdict.delayMs + (f?.latencyMs ?? 0);
    if (delay > 0) this.ctx.delays.after(delay, deliver);
    else deliver();
  }

  publishTelemetry(): void {
    const skew = this.faults?.skewMs ?? 0;
    const fields = this.model.telemetry();
    this.seq++;
    this.lastTelemetryTs = Math.max(this.model.nowMs(), this.lastTelemetryTs + 1);
    const reading: ChildReading = {
      device: this.id,
      ts: this.lastTelemetryTs + skew,
      seq: this.seq,
      sent: Date.now() + skew,
      fields: fields as ChildReading['fields'],
    };
    this.ctx.counters.telemetry++;
    this.overRadio(() => this.gateway.queueReading(reading));
  }

  publishEvent(e: ModelEvent): void {
    if (!this.connected) return;
    this.ctx.counters.events++;
    const skew = this.faults?.skewMs ?? 0;
    const event = skew === 0 ? e : { ...e, ts: e.ts + skew };
    this.overRadio(() => this.gateway.relay('events', { device: this.id, event }));
  }

  /** Backfill: history goes straight to the gateway's batches (history is not radio misbehaviour). */
  sendRaw(kind: 'telemetry' | 'events', payload: string): void {
    this.ctx.counters[kind]++;
    const body = JSON.parse(payload) as Omit<ChildReading, 'device'> & { type?: string };
    if (kind === 'telemetry') this.gateway.queueReading({ device: this.id, ...body });
    else this.gateway.relay('events', { device: this.id, event: body });
  }

  reportShadow(force = false): void {
    const json = JSON.stringify(this.model.reported());
    if (!force && json === this.reportedJson) return;
    this.reportedJson = json;
    const reported = JSON.parse(json) as object;
    this.overRadio(() => this.gateway.relay('shadowUpdate', { device: this.id, state: { reported } }));
  }

  respond(body: object): void {
    this.overRadio(() => this.gateway.relay('commandResponse', { device: this.id, ...body }));
  }

  afterChange(atMs = this.now()): void {
    this.sync(atMs);
    if (!this.connected) return;
    this.reportShadow();
    this.publishTelemetry();
  }

  // --- from the platform, through the gateway ---

  /** A command for this child (the gateway's `children/commands` message). */
  onCommand(payload: Buffer): void {
    if (!this.present) return; // off the mesh: the command is lost, the platform times it out
    this.ctx.counters.commands++;
    this.downlink(() => handleCommand(this, payload));
  }

  /** A shadow delta for this child (the gateway's `children/shadow/delta` message). */
  onDelta(payload: Buffer): void {
    if (!this.present) return;
    const parsed = parseChildShadowDelta(payload);
    if (!parsed.ok) return this.error(`child shadow delta refused: ${parsed.errors.join('; ')}`);
    this.downlink(() => handleDelta(this, payload));
  }

  /** Downlink crosses the radio with its latency (not its loss: the gateway retries until acknowledged). */
  private downlink(run: () => void): void {
    const latency = this.radioFaults?.latencyMs ?? this.radio.latencyMs;
    if (latency > 0) this.ctx.delays.after(latency, run);
    else run();
  }

  // --- CommandTarget / ShadowTarget (the rest is DeviceCore's) ---
  error(message: string): void {
    this.ctx.error(this.id, message);
  }

  // --- faults (the same surface as a connected device) ---

  faultState(): DeviceFaultState {
    return (this.faults ??= newFaultState());
  }

  radioFaultState(): RadioFaultState {
    return (this.radioFaults ??= {});
  }

  skew(): number {
    return this.faults?.skewMs ?? 0;
  }

  /** Drops off the mesh (a `disconnect` or `mesh_drop` fault): the gateway reports it lost. */
  async goOffline(_clean: boolean, hold: boolean): Promise<void> {
    if (hold) this.faultState().heldDown = true;
    if (!this.onMesh) return;
    this.onMesh = false;
    this.gateway.left(this, 'lost');
    if (!hold) this.ctx.delays.after(1000 + this.rng(RNG_FAULT).uniform(0, 4000), () => this.join());
  }

  release(): void {
    if (this.faults) this.faults.heldDown = false;
    this.join();
  }

  /** A partition of a child is the radio link gone: off the mesh until healed. */
  setPartitioned(on: boolean): void {
    this.faultState().partitioned = on;
    if (on) void this.goOffline(false, false);
    else this.join();
  }

  /** Removed by its gateway (remove_child): gone until it is let in again. */
  remove(): void {
    if (!this.onMesh) return;
    this.onMesh = false;
    this.faultState().heldDown = true;
    this.gateway.left(this, 'removed');
  }

  reboot(): void {
    const now = this.now();
    const m = this.model;
    m.advance(now);
    let back = now + BOOT_MS;
    if (m.type === 'camera') {
      const r = m.command('reboot');
      const at = r.ok ? (r.result as { back_at?: unknown } | undefined)?.back_at : undefined;
      if (typeof at === 'number') back = at;
    } else {
      m.reboot(now);
    }
    this.bootUntilMs = back;
    if (!this.modelDown) {
      this.modelDown = true;
      if (this.onMesh) this.gateway.left(this, 'lost');
    }
    this.wakeAt(Math.max(back, now + 1));
  }

  waitForRoom(_room: number): Promise<void> {
    return Promise.resolve();
  }

  halt(): void {
    this.stopped = true;
  }

  async stop(): Promise<void> {
    this.linked(false);
    this.stopped = true;
    this.nextAt = Infinity;
    this.onMesh = false;
  }
}
