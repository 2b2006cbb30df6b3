/**
 * A gateway: a connected device of its own (birth, telemetry, shadow, commands, last will) that also
 * carries its children over its one MQTT connection — their joins and departures, their readings in
 * batches, their events, command responses and reported state — and hands them what the platform sends
 * on `tb/v1/{gateway}/children/…`. While its connection is down it keeps the children's readings (up to
 * `maxQueued`, oldest dropped) and sends them when it is back, after announcing its children again.
 */
import {
  gatewaySubscriptions,
  gatewayTopic,
  matchGatewayTopic,
  type ChildReading,
} from '../../twin/index.ts';
import type { DeviceContext } from '../device/device-context.ts';
import type { CloseReason } from '../mqtt/client-types.ts';
import { VirtualDevice, type DeviceSettings } from '../device/virtual-device.ts';
import type { DeviceIdentity } from '../fleet/identities.ts';
import type { GatewayModel } from '../models/index.ts';
import type { ChildDevice, ChildUplink } from './child-device.ts';
import type { GatewayPlan } from './spec.ts';

const HOUR_MS = 3_600_000;

export class GatewayDevice extends VirtualDevice implements ChildUplink {
  readonly gatewayModel: GatewayModel;
  private readonly plan: GatewayPlan;
  private readonly children = new Map<string, ChildDevice>();
  private batch: ChildReading[] = [];
  private flushArmed = false;
  private droppedReadings = 0;
  private hourStartMs = -Infinity;
  private airtimeThisHourMs = 0;

  constructor(
    identity: DeviceIdentity,
    model: GatewayModel,
    settings: DeviceSettings,
    ctx: DeviceContext,
    plan: GatewayPlan,
  ) {
    super(identity, model, settings, ctx);
    this.gatewayModel = model;
    this.plan = plan;
  }

  get context(): DeviceContext {
    return this.ctx;
  }

  /** The children this gateway carries, in fleet order. */
  get childDevices(): ChildDevice[] {
    return [...this.children.values()];
  }

  adopt(child: ChildDevice): void {
    this.children.set(child.id, child);
  }

  protected override announce(): void {
    super.announce();
    this.client.subscribe(gatewaySubscriptions(this.id), 1);
    for (const child of this.children.values()) if (child.present) this.joined(child);
    this.flush();
  }

  override onClose(reason: CloseReason, error?: Error): void {
    for (const c of this.children.values()) c.linked(false);
    super.onClose(reason, error);
  }

  override onMessage(topic: string, payload: Buffer): void {
    const m = matchGatewayTopic(topic);
    if (!m || m.gatewayId !== this.id) return super.onMessage(topic, payload);
    if (m.kind === 'rejected') {
      this.error(`platform refused a child message: ${payload.toString('utf8').slice(0, 300)}`);
      return;
    }
    const child = this.children.get(childOf(payload) ?? '');
    if (!child) {
      this.error(
        `${m.kind} for a child this gateway does not carry: ${payload.toString('utf8').slice(0, 120)}`,
      );
      return;
    }
    if (m.kind === 'command') child.onCommand(payload);
    else if (m.kind === 'shadowDelta') child.onDelta(payload);
  }

  // --- ChildUplink ---

  queueReading(reading: ChildReading): void {
    this.countAirtime();
    this.batch.push(reading);
    if (!this.connected) {
      const over = this.batch.length - this.plan.maxQueued;
      if (over > 0) {
        this.batch.splice(0, over);
        this.droppedReadings += over;
        this.ctx.counters.dropped += over;
      }
      return;
    }
    if (this.batch.length >= this.plan.maxBatch) this.flush();
    else if (!this.flushArmed) {
      this.flushArmed = true;
      this.ctx.delays.after(this.plan.batchWindowMs, () => {
        this.flushArmed = false;
        this.flush();
      });
    }
  }

  relay(kind: 'events' | 'commandResponse' | 'shadowUpdate', body: object): void {
    this.countAirtime();
    if (!this.connected) {
      this.droppedReadings++;
      this.ctx.counters.dropped++;
      return;
    }
    this.send(gatewayTopic(this.id, kind), JSON.stringify(body), 1, false);
  }

  joined(child: ChildDevice): void {
    if (!this.connected) return; // announced when the gateway connects
    const d = child.identity;
    // What a birth message says about a device, so the platform knows where the child is.
    const body = {
      device: child.id,
      type: child.type,
      fw_version: child.fwVersion,
      ts: this.now(),
      name: d.name,
      tags: d.tags,
      location: d.location,
      serial: d.serial,
      mac: d.mac,
      model: d.model,
    };
    this.send(gatewayTopic(this.id, 'connect'), JSON.stringify(body), 1, false);
    child.announced();
  }

  left(child: ChildDevice, reason: 'left' | 'lost' | 'removed'): void {
    child.linked(false);
    if (!this.connected) return;
    const body = { device: child.id, reason, ts: this.now() };
    this.send(gatewayTopic(this.id, 'disconnect'), JSON.stringify(body), 1, false);
  }

  /** Readings already counted as made but still waiting for the batch window go out before the link closes. */
  override async stop(): Promise<void> {
    this.flush();
    await super.stop();
  }

  /** Sends the collected readings, `maxBatch` a message. */
  private flush(): void {
    if (!this.connected || this.batch.length === 0) return;
    const all = this.batch;
    this.batch = [];
    for (let i = 0; i < all.length; i += this.plan.maxBatch) {
      const readings = all.slice(i, i + this.plan.maxBatch);
      this.send(
        gatewayTopic(this.id, 'telemetry'),
        JSON.stringify({ readings, sent: Date.now() }),
        this.ctx.telemetryQos,
        false,
      );
    }
  }

  // --- the gateway's own readings and commands ---

  override publishTelemetry(): void {
    const m = this.gatewayModel;
    let present = 0;
    for (const c of this.children.values()) if (c.present) present++;
    this.countAirtime();
    m.setChildStats({
      connected: present,
      known: this.children.size,
      queueDepth: this.batch.length,
      dropped: this.droppedReadings,
      dutyCyclePercent: (100 * this.airtimeThisHourMs) / HOUR_MS,
    });
    if (m.joinOpen()) {
      for (const c of this.children.values()) if (c.faults?.heldDown && !c.present) c.release();
    }
    super.publishTelemetry();
  }

  /** Backfill: the history model knows no children; its readings say the children the gateway has now. */
  override sendRaw(kind: 'telemetry' | 'events', payload: string): void {
    if (kind !== 'telemetry') return super.sendRaw(kind, payload);
    const body = JSON.parse(payload) as { fields: Record<string, unknown> };
    body.fields.children_known = this.children.size;
    body.fields.children_connected = this.childDevices.filter((c) => c.present).length;
    super.sendRaw(kind, JSON.stringify(body));
  }

  override afterChange(atMs = this.now()): void {
    super.afterChange(atMs);
    for (const id of this.gatewayModel.takeRemovals()) this.children.get(id)?.remove();
  }

  /** Radio airtime of the gateway's channel in the current virtual hour (duty_cycle_percent). */
  private countAirtime(): void {
    const now = this.now();
    if (now - this.hourStartMs >= HOUR_MS) {
      this.hourStartMs = now;
      this.airtimeThisHourMs = 0;
    }
    this.airtimeThisHourMs += this.plan.radio.airtimeMs;
  }
}

/** The `device` of a child message, read without a full parse of the rest. */
function childOf(payload: Buffer): string | undefined {
  try {
    const v = JSON.parse(payload.toString('utf8')) as { device?: unknown };
    return typeof v.device === 'string' ? v.device : undefined;
  } catch {
    return undefined;
  }
}
