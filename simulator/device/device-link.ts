/**
 * A device's link to the broker: the lean connection, reconnects with backoff and jitter, the network
 * faults (disconnect, partition, lost and late publishes) and the per-device seeded streams. What the
 * device says when connected is VirtualDevice's business (it extends this class).
 */
import type { DeviceIdentity } from '../fleet/identities.ts';
import { deviceLogin } from '../fleet/options.ts';
import type { CloseReason, LeanClientHandler } from '../mqtt/client-types.ts';
import { LeanMqttClient } from '../mqtt/lean-client.ts';
import { backoffDelayMs } from './backoff.ts';
import type { DeviceContext } from './device-context.ts';
import { DeviceCore, RNG_COMMAND, RNG_FAULT, RNG_NET } from './device-core.ts';
import { newFaultState, type DeviceFaultState } from './device-faults.ts';
import { LAST_WILL, offlinePayload } from './payloads.ts';

export { RNG_COMMAND, RNG_FAULT, RNG_NET };

export abstract class DeviceLink extends DeviceCore implements LeanClientHandler {
  /** Misbehaviour on now (allocated on first fault). */
  faults: DeviceFaultState | undefined;
  protected readonly ctx: DeviceContext;
  protected readonly client: LeanMqttClient;
  protected up = false;
  protected isReady = false;
  protected stopped = false;
  private settled = false;
  private everConnected = false;
  private attempts = 0;
  private reconnectPending = false;

  protected constructor(identity: DeviceIdentity, ctx: DeviceContext) {
    super(identity);
    this.ctx = ctx;
    const p = ctx.profile;
    const b = ctx.broker;
    const login = deviceLogin(b, identity.id);
    // Every field written out (no spread): the object then holds them all in itself, without the extra
    // property array a spread leaves behind (40 bytes a device).
    this.client = new LeanMqttClient(
      {
        host: b.host,
        port: b.port,
        clientId: identity.id,
        username: login.username,
        password: login.password,
        keepaliveS: ctx.keepaliveS,
        localAddress: ctx.localAddresses[identity.index % ctx.localAddresses.length],
        will: p.spec.status
          ? { topic: p.topicFor('status', identity.id), payload: LAST_WILL, qos: 1, retain: true }
          : undefined,
      },
      this,
      ctx.client,
    );
  }

  protected fleetContext(): DeviceContext {
    return this.ctx;
  }
  get connected(): boolean {
    return this.up;
  }
  get ready(): boolean {
    return this.isReady;
  }
  /** QoS 1 messages not yet acknowledged by the broker. */
  get pending(): number {
    return this.client.pending;
  }

  /** Announce the device on a fresh connection (subscribe, birth, shadow, first telemetry). */
  protected abstract announce(): void;
  /** Whether the device itself is up (a dead battery or a reboot keeps it off the network). */
  protected abstract canConnect(): boolean;
  abstract onMessage(topic: string, payload: Buffer): void;

  connect(): void {
    if (this.stopped || !this.canConnect() || this.faults?.heldDown || !this.client.idle) return;
    if (this.faults?.partitioned) return this.retry(); // no route to the broker: try again later
    this.client.connect();
  }

  onConnect(): void {
    this.up = true;
    this.attempts = 0;
    const c = this.ctx.counters;
    c.connected++;
    if (this.everConnected) c.reconnects++;
    this.everConnected = true;
    this.announce();
  }

  onSuback(_messageId: number, granted: number[]): void {
    if (granted.some((g) => g === 0x80)) {
      this.error(`broker refused a subscription (SUBACK ${granted.join(',')}); check the ACL`);
    }
    this.isReady = true;
    this.settle(true);
  }

  onClose(reason: CloseReason, error?: Error): void {
    if (this.up) this.ctx.counters.connected--;
    this.up = false;
    this.isReady = false;
    if (reason !== 'requested') this.error(error?.message ?? `connection closed (${reason})`);
    this.settle(false);
    this.retry();
  }

  /** Schedules the next connection attempt with backoff and jitter (unless the device should stay off). */
  protected retry(): void {
    if (this.stopped || !this.canConnect() || this.faults?.heldDown || this.reconnectPending) return;
    this.reconnectPending = true;
    this.attempts++;
    this.ctx.delays.after(backoffDelayMs(this.attempts, this.ctx.backoff, this.rng(RNG_NET)), () => {
      this.reconnectPending = false;
      this.connect();
    });
  }

  private settle(ok: boolean): void {
    if (this.settled) return;
    this.settled = true;
    this.ctx.onSettled(ok);
  }

  error(message: string): void {
    this.ctx.error(this.id, message);
  }

  /** Publishes through the device's faults: lost (drop_publishes) or late (latency). */
  send(topic: string, payload: string, qos: 0 | 1, retain: boolean): void {
    const f = this.faults;
    if (f) {
      if (f.dropRate > 0 && this.rng(RNG_FAULT).chance(f.dropRate)) {
        this.ctx.counters.dropped++;
        return;
      }
      if (f.latencyMs > 0) {
        return this.ctx.delays.after(f.latencyMs, () => this.transmit(topic, payload, qos, retain));
      }
    }
    this.transmit(topic, payload, qos, retain);
  }

  protected transmit(topic: string, payload: string, qos: 0 | 1, retain: boolean): void {
    if (this.client.publish(topic, payload, qos, retain)) this.ctx.counters.published++;
    else this.ctx.counters.dropped++;
  }

  /** Resolves once at most `room` QoS 1 messages are unacknowledged. */
  waitForRoom(room: number): Promise<void> {
    return this.client.waitForRoom(room);
  }

  faultState(): DeviceFaultState {
    return (this.faults ??= newFaultState());
  }

  skew(): number {
    return this.faults?.skewMs ?? 0;
  }

  /** Goes offline: `clean` says so and sends DISCONNECT; otherwise the socket drops and the will fires. */
  async goOffline(clean: boolean, hold: boolean): Promise<void> {
    if (hold) this.faultState().heldDown = true;
    const p = this.ctx.profile;
    if (clean && this.up && p.spec.status) {
      const ts = this.ctx.clock.now() + this.skew();
      this.transmit(p.topicFor('status', this.id), offlinePayload(ts), 1, true);
    }
    await this.client.end(clean);
  }

  /** Ends a `disconnect` fault: the device comes back. */
  release(): void {
    if (this.faults) this.faults.heldDown = false;
    this.connect();
  }

  setPartitioned(on: boolean): void {
    this.faultState().partitioned = on;
    if (on) {
      this.client.blackholed = true;
    } else {
      this.client.heal(); // resends what the partition swallowed
      if (this.client.idle && !this.reconnectPending) this.connect();
    }
  }

  /** No more reconnects from now on (the fleet is stopping). */
  halt(): void {
    this.stopped = true;
  }

  /** Clean stop: offline status, DISCONNECT, no will; no more reconnects. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.goOffline(true, false);
  }
}
