/**
 * A lean MQTT 3.1.1 client: one per simulated device.
 *
 * Why not MQTT.js: an MQTT.js client costs about 28 KB per connection (streams, stores, a parser with
 * its BufferList, reconnect and keepalive timers and closures per client); a fleet of 10,000 devices in
 * one process needs the whole device under ~16 KB. This client is a raw `node:net` socket plus a few
 * fields: packets come from codec.ts (mqtt-packet for CONNECT/SUBSCRIBE), socket listeners are shared
 * functions (no closures per connection), keepalive and connect timeouts are swept by one shared
 * ConnectionWatch, QoS 1 state (in-flight window, queue) is allocated only when used. It does what a
 * device needs and no more: CONNECT (will, keepalive, credentials), SUBSCRIBE, PUBLISH QoS 0/1 both
 * ways, PUBACK, PINGREQ/PINGRESP, DISCONNECT. Reconnecting is the device's job (backoff with jitter).
 * Packet ids come from one allocator for every packet type (MQTT-2.3.1-2). PINGREQ goes out on
 * schedule whatever else is sent, so a half-open link (QoS 0 traffic gets no answers) is noticed: no
 * PINGRESP within the keepalive closes the connection with reason `keepalive`.
 */
import net from 'node:net';
import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';
import {
  DISCONNECT,
  PINGREQ,
  decodeFrame,
  encodeConnect,
  encodePuback,
  encodePublish,
  encodeSubscribe,
  readFrames,
  type Incoming,
  type QoS,
} from './codec.ts';
import type { CloseReason, LeanClientContext, LeanClientHandler, LeanClientOptions } from './client-types.ts';
import type { Watched } from './connection-watch.ts';
import { followingPacketId, nextFreePacketId } from './packet-ids.ts';
import { Qos1Outbox, type PacketSink } from './qos1-outbox.ts';

const CLIENT = Symbol('leanClient');
type TaggedSocket = net.Socket & { [CLIENT]?: LeanMqttClient };
const IDLE = 0;
const CONNECTING = 1;
const CONNECTED = 2;

export class LeanMqttClient implements Watched, PacketSink {
  private readonly o: LeanClientOptions;
  private readonly ctx: LeanClientContext;
  private readonly handler: LeanClientHandler;
  private socket: TaggedSocket | undefined;
  private state = IDLE;
  private tail: Buffer | undefined;
  private outbox: Qos1Outbox | undefined;
  /** SUBSCRIBE ids awaiting their SUBACK (allocated only when a device subscribes). */
  private subscribing: Set<number> | undefined;
  private nextPacketId = 1;
  /** When the last PINGREQ went out (or the CONNACK came): the keepalive schedule's origin. */
  private lastPingMs = 0;
  /** When the PINGREQ now awaiting its PINGRESP went out; 0 when none is outstanding. */
  private pingSentMs = 0;
  private startedMs = 0;
  private closeReason: CloseReason = 'remote';
  private closeError: Error | undefined;
  /** While true, writes vanish and reads are ignored (a network partition). */
  blackholed = false;

  constructor(options: LeanClientOptions, handler: LeanClientHandler, context: LeanClientContext) {
    this.o = options;
    this.handler = handler;
    this.ctx = context;
  }

  get connected(): boolean {
    return this.state === CONNECTED;
  }

  get idle(): boolean {
    return this.state === IDLE;
  }

  /** QoS 1 publishes not yet acknowledged (in flight plus queued). */
  get pending(): number {
    return this.outbox?.pending ?? 0;
  }

  /** Opens the socket and sends CONNECT; the handler hears onConnect or onClose. */
  connect(): void {
    if (this.state !== IDLE) return;
    this.state = CONNECTING;
    this.closeReason = 'remote';
    this.closeError = undefined;
    this.startedMs = performance.now();
    const socket: TaggedSocket = net.connect({
      host: this.o.host,
      port: this.o.port,
      noDelay: true,
      ...(this.o.localAddress ? { localAddress: this.o.localAddress } : {}),
    });
    socket[CLIENT] = this;
    socket.on('connect', onSocketConnect);
    socket.on('data', onSocketData);
    socket.on('error', onSocketError);
    socket.on('close', onSocketClose);
    this.socket = socket;
    this.ctx.watch.add(this);
  }

  /** Sends SUBSCRIBE with a free packet id; returns the id (the handler's onSuback carries it back). */
  subscribe(filters: readonly string[], qos: QoS): number {
    const id = this.allocatePacketId();
    (this.subscribing ??= new Set()).add(id);
    this.write(encodeSubscribe(id, filters, qos));
    return id;
  }

  /** A packet id that no PUBLISH or SUBSCRIBE of this connection has in flight. */
  allocatePacketId(): number {
    const outbox = this.outbox;
    const subs = this.subscribing;
    const id = nextFreePacketId(
      this.nextPacketId,
      (candidate) => (outbox?.has(candidate) ?? false) || (subs?.has(candidate) ?? false),
    );
    if (id === 0) {
      throw new SimulatorError(
        SIMULATOR_ERROR_CODES.PROTOCOL,
        `${this.o.clientId}: all 65,535 MQTT packet ids are in flight; lower the in-flight window`,
      );
    }
    this.nextPacketId = followingPacketId(id);
    return id;
  }

  /** Several writes in one TCP segment (cork until the next tick). */
  batch(fn: () => void): void {
    const s = this.socket;
    if (!s) return fn();
    s.cork();
    try {
      fn();
    } finally {
      process.nextTick(uncork, s);
    }
  }

  /**
   * Publishes; QoS 1 messages wait in a queue when the window is full or the client is not connected,
   * and are sent again (DUP) after a reconnect until acknowledged. Returns false when a QoS 0 message
   * could not be sent (not connected).
   */
  publish(topic: string, payload: Buffer | string, qos: QoS, retain = false): boolean {
    if (qos === 0) {
      if (this.state !== CONNECTED) return false;
      this.write(encodePublish(topic, payload, 0, retain));
      return true;
    }
    const box = (this.outbox ??= new Qos1Outbox());
    if (this.state === CONNECTED && box.inflightCount < this.ctx.inflightWindow && !box.hasQueued()) {
      this.write(box.store(topic, payload, retain, this));
    } else {
      this.ctx.counters.dropped += box.enqueue(topic, payload, retain, this.ctx.maxQueued);
    }
    return true;
  }

  /** Resolves once at most `room` QoS 1 publishes are pending (a bounded in-flight window for bulk sends). */
  waitForRoom(room = 0): Promise<void> {
    return this.outbox ? this.outbox.waitForRoom(room) : Promise.resolve();
  }

  /** Closes: `clean` sends DISCONNECT (no last will); otherwise the socket just drops (the will fires). */
  end(clean: boolean): Promise<void> {
    const s = this.socket;
    if (!s || this.state === IDLE) return Promise.resolve();
    this.closeReason = 'requested';
    return new Promise((resolve) => {
      s.once('close', () => resolve());
      if (clean && this.state === CONNECTED) {
        s.end(DISCONNECT);
      } else {
        s.destroy();
      }
    });
  }

  /** Drops QoS 1 messages still pending (a device that lost its RAM) and releases waiters. */
  discardPending(): void {
    this.outbox?.discard();
  }

  /** Ends a partition: QoS 1 messages swallowed meanwhile go out again. */
  heal(): void {
    if (!this.blackholed) return;
    this.blackholed = false;
    if (this.state === CONNECTED) this.resendInflight();
  }

  checkTimers(now: number): void {
    if (this.state === CONNECTING) {
      if (now - this.startedMs > this.ctx.connectTimeoutMs)
        this.fail('connect_timeout', 'no CONNACK in time');
      return;
    }
    // A partition fault (blackholed) is the broker's to notice, as it was: the device sits it out.
    if (this.state !== CONNECTED || this.blackholed) return;
    const keepaliveMs = (this.o.keepaliveS ?? 60) * 1000;
    if (keepaliveMs === 0) return;
    if (this.pingSentMs > 0) {
      if (now - this.pingSentMs > keepaliveMs) this.fail('keepalive', `no PINGRESP within ${keepaliveMs} ms`);
    } else if (now - this.lastPingMs >= keepaliveMs * 0.75) {
      // On schedule, not only when idle: other traffic (QoS 0) proves nothing about the way back.
      this.pingSentMs = now;
      this.lastPingMs = now;
      this.write(PINGREQ);
    }
  }

  // --- socket events (called through the shared listeners below) ---

  onSocketConnect(): void {
    this.write(
      encodeConnect({
        clientId: this.o.clientId,
        keepaliveS: this.o.keepaliveS ?? 60,
        clean: true,
        username: this.o.username,
        password: this.o.password,
        will: this.o.will,
      }),
    );
  }

  onSocketData(chunk: Buffer): void {
    if (this.blackholed) return;
    try {
      this.tail = readFrames(this.tail, chunk, (frame) => this.dispatch(decodeFrame(frame)));
    } catch (err) {
      this.ctx.counters.protocolErrors++;
      this.fail('protocol', (err as Error).message);
    }
  }

  onSocketError(err: Error): void {
    if (this.closeReason === 'remote') {
      this.closeReason = 'error';
      this.closeError = err;
    }
  }

  onSocketClose(): void {
    const s = this.socket;
    if (s) s[CLIENT] = undefined;
    this.socket = undefined;
    this.state = IDLE;
    this.tail = undefined;
    this.pingSentMs = 0;
    this.subscribing = undefined; // SUBACKs of a closed connection never come; the device subscribes again
    this.ctx.watch.delete(this);
    this.handler.onClose(this.closeReason, this.closeError);
  }

  private dispatch(p: Incoming): void {
    switch (p.type) {
      case 'connack':
        if (p.returnCode !== 0) {
          this.fail(
            'refused',
            `broker refused the connection (CONNACK return code ${p.returnCode}${REFUSALS[p.returnCode] ?? ''})`,
          );
          return;
        }
        this.state = CONNECTED;
        this.pingSentMs = 0;
        this.lastPingMs = performance.now();
        this.batch(() => {
          this.resendInflight();
          this.handler.onConnect();
        });
        return;
      case 'puback':
        if (this.outbox?.ack(p.messageId)) {
          this.fillWindow();
          // An idle outbox (a Map, an array, ~300 bytes) goes until the next QoS 1 publish: between two
          // readings most devices have nothing in flight. Packet ids come from the client, not the outbox.
          if (this.outbox?.idle) this.outbox = undefined;
        }
        return;
      case 'publish':
        if (p.qos === 1) this.write(encodePuback(p.messageId));
        this.handler.onMessage(p.topic, p.payload);
        return;
      case 'suback':
        // Dropped once empty: an idle Set is ~200 bytes each connection.
        if (this.subscribing?.delete(p.messageId) && this.subscribing.size === 0)
          this.subscribing = undefined;
        this.handler.onSuback(p.messageId, p.granted);
        return;
      case 'pingresp':
        this.pingSentMs = 0;
        return;
    }
  }

  private fillWindow(): void {
    if (this.state === CONNECTED) this.outbox?.fill(this.ctx.inflightWindow, this);
  }

  private resendInflight(): void {
    this.outbox?.resend(this);
    this.fillWindow();
  }

  /** Writes a packet as is (used by the outbox). */
  writePacket(buf: Buffer): void {
    this.write(buf);
  }

  private write(buf: Buffer): void {
    const s = this.socket;
    if (!s || this.blackholed || s.destroyed) return;
    s.write(buf);
    this.ctx.counters.packetsOut++;
    this.ctx.counters.bytesOut += buf.length;
  }

  private fail(reason: CloseReason, message: string): void {
    this.closeReason = reason;
    const code =
      reason === 'refused' ? SIMULATOR_ERROR_CODES.CONNECT_REFUSED : SIMULATOR_ERROR_CODES.PROTOCOL;
    this.closeError = new SimulatorError(code, `${this.o.clientId}: ${message}`);
    this.socket?.destroy();
  }
}

const REFUSALS: Record<number, string> = {
  1: ': unacceptable protocol version',
  2: ': client id rejected',
  3: ': server unavailable',
  4: ': bad user name or password; check FleetOptions.username/password',
  5: ': not authorized',
};

function uncork(s: net.Socket): void {
  s.uncork();
}

function onSocketConnect(this: TaggedSocket): void {
  this[CLIENT]?.onSocketConnect();
}
function onSocketData(this: TaggedSocket, chunk: Buffer): void {
  this[CLIENT]?.onSocketData(chunk);
}
function onSocketError(this: TaggedSocket, err: Error): void {
  this[CLIENT]?.onSocketError(err);
}
function onSocketClose(this: TaggedSocket): void {
  this[CLIENT]?.onSocketClose();
}
