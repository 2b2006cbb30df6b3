/**
 * One simulated device: a model (simulator/models) on the fleet's virtual clock behind a lean MQTT
 * connection (DeviceLink). It announces itself (retained birth, last will), reports its shadow,
 * publishes telemetry and events on its topic profile, obeys shadow deltas and commands, follows its
 * model offline (dead battery, reboot) and back. Per-device state is kept small: 10,000 of these live
 * in one process.
 */
import { shadowDeltaTopic, shadowResponseTopic, shadowTopic } from '../../twin/index.ts';
import type { DeviceIdentity } from '../fleet/identities.ts';
import type { ScheduledTask } from '../fleet/scheduler.ts';
import type { AnyDeviceModel, ModelEvent } from '../models/index.ts';
import { handleCommand, type CommandTarget } from './command-handler.ts';
import type { DeviceContext } from './device-context.ts';
import type { DeviceSettings } from './device-core.ts';
import { DeviceLink, RNG_FAULT } from './device-link.ts';
import { birthPayload, eventPayload, malformedPayload, telemetryPayload } from './payloads.ts';
import { handleDelta, handleGetAccepted, type ShadowTarget } from './shadow-handler.ts';
import type { SimDevice } from './sim-device.ts';

export type { DeviceSettings };

/** How long a breaker or sensor takes to boot after a reboot, virtual ms (cameras say it themselves). */
export const BOOT_MS = 5_000;

export class VirtualDevice
  extends DeviceLink
  implements SimDevice, ScheduledTask, CommandTarget, ShadowTarget
{
  readonly model: AnyDeviceModel;
  fwVersion: string;
  seq = 0;
  /** Measurement time of the last telemetry, so two readings never share a timestamp (InfluxDB keeps one point per series and time). */
  private lastTelemetryTs = -Infinity;
  protected readonly settings: DeviceSettings;
  private readonly telemetryTopic: string;
  private nextAt = Infinity;
  private modelDown = false;
  private bootUntilMs = -Infinity;
  private reportedJson: string | undefined;

  constructor(identity: DeviceIdentity, model: AnyDeviceModel, settings: DeviceSettings, ctx: DeviceContext) {
    super(identity, ctx);
    this.model = model;
    this.settings = settings;
    this.fwVersion = identity.fwVersion;
    this.telemetryTopic = ctx.profile.topicFor('telemetry', identity.id);
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
  /** Starts publishing at `firstAt` (virtual) and connects. */
  start(firstAt: number): void {
    this.nextAt = firstAt;
    this.ctx.scheduler.schedule(firstAt, this);
    this.connect();
  }

  protected canConnect(): boolean {
    return !this.modelDown;
  }

  now(): number {
    return this.ctx.clock.now();
  }

  /** On every (re)connection: subscribe, birth, shadow report and get, a first telemetry message. */
  protected announce(): void {
    const p = this.ctx.profile;
    const id = this.id;
    const filters = [shadowDeltaTopic(id), shadowResponseTopic(id, 'get', 'accepted')];
    if (p.spec.command) filters.unshift(p.topicFor('command', id));
    this.client.subscribe(filters, 1);
    const now = this.now();
    if (p.spec.status) {
      const birth = birthPayload(this.identity, this.fwVersion, now + this.skew());
      this.transmit(p.topicFor('status', id), birth, 1, true);
    }
    this.reportShadow(true);
    this.transmit(shadowTopic(id, 'get'), '{}', 1, false); // a delta missed while offline comes back here
    this.sync(now);
    if (this.up && !this.modelDown) this.publishTelemetry();
  }

  onMessage(topic: string, payload: Buffer): void {
    const id = this.id;
    const p = this.ctx.profile;
    if (p.spec.command && topic === p.topicFor('command', id)) {
      this.ctx.counters.commands++;
      handleCommand(this, payload);
    } else if (topic === shadowDeltaTopic(id)) {
      handleDelta(this, payload);
    } else if (topic === shadowResponseTopic(id, 'get', 'accepted')) {
      handleGetAccepted(this, payload);
    }
  }

  // --- virtual time ---

  /** The scheduler's call at the device's publish time. */
  run(atMs: number): void {
    if (this.stopped || atMs !== this.nextAt) return; // a stale entry (the interval changed)
    this.sync(atMs);
    if (this.up && !this.modelDown) this.publishTelemetry();
    if (this.held) this.wakeHeld(); // a sleeping sensor reads its commands when it wakes to publish
    this.nextAt = atMs + this.model.publishIntervalMs();
    this.ctx.scheduler.schedule(this.nextAt, this);
  }

  /** Moves the model to `atMs`, publishes its events, follows it offline and back. */
  sync(atMs: number): void {
    for (const e of this.model.advance(atMs)) this.publishEvent(e);
    const online = this.model.isOnline() && this.model.nowMs() >= this.bootUntilMs;
    if (!online && !this.modelDown) {
      this.modelDown = true;
      void this.client.end(false); // a dead battery or a reboot: no DISCONNECT, the will fires
    } else if (online && this.modelDown) {
      this.modelDown = false;
      this.connect();
    }
  }

  /** Runs afterChange at virtual `atMs` (a trip 10 ms after an overload, the end of a boot). */
  wakeAt(atMs: number): void {
    this.ctx.scheduler.schedule(atMs, { run: (t) => !this.stopped && this.afterChange(t) });
  }

  /** A shorter interval takes effect now; a longer one after the publish already scheduled. */
  intervalChanged(): void {
    const candidate = this.now() + this.model.publishIntervalMs();
    if (candidate < this.nextAt && !this.stopped) {
      this.nextAt = candidate;
      this.ctx.scheduler.schedule(candidate, this);
    }
  }

  // --- publishing ---

  publishTelemetry(): void {
    const skew = this.skew();
    const fields = this.model.telemetry();
    this.seq++;
    this.lastTelemetryTs = Math.max(this.model.nowMs(), this.lastTelemetryTs + 1);
    let payload = telemetryPayload(this.lastTelemetryTs + skew, this.seq, Date.now() + skew, fields);
    const f = this.faults;
    if (f && f.malformedRate > 0 && this.rng(RNG_FAULT).chance(f.malformedRate)) {
      payload = malformedPayload(payload, fields, this.rng(RNG_FAULT));
    }
    this.ctx.counters.telemetry++;
    this.send(this.telemetryTopic, payload, this.ctx.telemetryQos, false);
  }

  publishEvent(e: ModelEvent): void {
    const p = this.ctx.profile;
    if (!p.spec.events) return;
    this.ctx.counters.events++;
    this.send(p.topicFor('events', this.id), eventPayload(e, this.skew()), 1, false);
  }

  /** Backfill: QoS 1 on the profile's topic, past every fault (history is not misbehaviour). */
  sendRaw(kind: 'telemetry' | 'events', payload: string): void {
    const p = this.ctx.profile;
    if (kind === 'events' && !p.spec.events) return;
    this.ctx.counters[kind]++;
    const topic = kind === 'telemetry' ? this.telemetryTopic : p.topicFor('events', this.id);
    this.transmit(topic, payload, 1, false);
  }

  /** Publishes `{ state: { reported } }` when it changed since the last report (always with `force`). */
  reportShadow(force = false): void {
    const json = JSON.stringify(this.model.reported());
    if (!force && json === this.reportedJson) return;
    this.reportedJson = json;
    this.send(shadowTopic(this.id, 'update'), `{"state":{"reported":${json}}}`, 1, false);
  }

  respond(body: object): void {
    const p = this.ctx.profile;
    if (p.spec.commandResponse) {
      this.send(p.topicFor('commandResponse', this.id), JSON.stringify(body), 1, false);
    }
  }

  /** Publishes what changed now: events, reported state, a telemetry snapshot (report on change). */
  afterChange(atMs = this.now()): void {
    this.sync(atMs);
    if (!this.up || this.modelDown) return;
    this.reportShadow();
    this.publishTelemetry();
  }

  /** Restarts: RAM lost (pending QoS 1 messages), the connection drops, back after booting. */
  reboot(): void {
    const now = this.now();
    const m = this.model;
    m.advance(now);
    let back = now + BOOT_MS;
    if (m.type === 'camera') {
      const r = m.command('reboot'); // the camera knows how long it takes to boot
      const at = r.ok ? (r.result as { back_at?: unknown } | undefined)?.back_at : undefined;
      if (typeof at === 'number') back = at;
    } else {
      m.reboot(now);
    }
    this.client.discardPending();
    this.bootUntilMs = back;
    this.modelDown = true;
    void this.client.end(false);
    this.wakeAt(Math.max(back, now + 1));
  }

  override async stop(): Promise<void> {
    this.nextAt = Infinity;
    await super.stop();
  }
}
