import { encodePublish, markDup } from './codec.ts';

/** Where packets go (the connection), and where their ids come from (one allocator per connection). */
export interface PacketSink {
  writePacket(packet: Buffer): void;
  /** A packet id no other packet of the connection has in flight. */
  allocatePacketId(): number;
}

interface Queued {
  topic: string;
  payload: Buffer | string;
  retain: boolean;
}

/**
 * QoS 1 state of one connection: PUBLISH packets awaiting PUBACK (at most `window`), messages queued
 * behind them (at most `maxQueued`, the oldest dropped beyond), and waiters for room. A client creates
 * it on a QoS 1 publish and drops it once idle. Packets keep their message id across reconnects and go out again
 * with DUP set until acknowledged.
 */
export class Qos1Outbox {
  private readonly inflight = new Map<number, Buffer>();
  private readonly queue: Queued[] = [];
  private waiters: { room: number; resolve: () => void }[] | undefined;

  get pending(): number {
    return this.inflight.size + this.queue.length;
  }

  /** Nothing in flight, queued or waited for: the client may drop it and make a new one when needed. */
  get idle(): boolean {
    return this.inflight.size === 0 && this.queue.length === 0 && this.waiters === undefined;
  }

  get inflightCount(): number {
    return this.inflight.size;
  }

  /** Queues a message; returns how many were dropped to make room (0 or 1). */
  enqueue(topic: string, payload: Buffer | string, retain: boolean, maxQueued: number): number {
    let dropped = 0;
    if (this.queue.length >= maxQueued) {
      this.queue.shift();
      dropped = 1;
    }
    this.queue.push({ topic, payload, retain });
    return dropped;
  }

  hasQueued(): boolean {
    return this.queue.length > 0;
  }

  /** True while a PUBLISH with this id awaits its PUBACK. */
  has(messageId: number): boolean {
    return this.inflight.has(messageId);
  }

  /** Encodes a message with the connection's next free id and keeps it until acknowledged. */
  store(topic: string, payload: Buffer | string, retain: boolean, sink: PacketSink): Buffer {
    const id = sink.allocatePacketId();
    const packet = encodePublish(topic, payload, 1, retain, id);
    this.inflight.set(id, packet);
    return packet;
  }

  /** PUBACK: forgets the packet; true when it was ours. */
  ack(messageId: number): boolean {
    return this.inflight.delete(messageId);
  }

  /** Moves queued messages into the window (up to `window` in flight), writing each packet. */
  fill(window: number, sink: PacketSink): void {
    while (this.queue.length > 0 && this.inflight.size < window) {
      const m = this.queue.shift() as Queued;
      sink.writePacket(this.store(m.topic, m.payload, m.retain, sink));
    }
    if (this.waiters) this.wake();
  }

  /** Sends every unacknowledged packet again, DUP set (after a reconnect or a healed partition). */
  resend(sink: PacketSink): void {
    for (const packet of this.inflight.values()) {
      markDup(packet);
      sink.writePacket(packet);
    }
  }

  /** Forgets everything pending (a device that lost its RAM); waiters are released. */
  discard(): void {
    this.inflight.clear();
    this.queue.length = 0;
    this.wake();
  }

  waitForRoom(room: number): Promise<void> {
    if (this.pending <= room) return Promise.resolve();
    return new Promise((resolve) => (this.waiters ??= []).push({ room, resolve }));
  }

  private wake(): void {
    const w = this.waiters;
    if (!w) return;
    const pending = this.pending;
    for (let i = w.length - 1; i >= 0; i--) {
      const waiter = w[i];
      if (waiter && pending <= waiter.room) {
        w.splice(i, 1);
        waiter.resolve();
      }
    }
    if (w.length === 0) this.waiters = undefined;
  }
}
