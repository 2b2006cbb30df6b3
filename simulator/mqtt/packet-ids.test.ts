import { describe, expect, it } from 'vitest';
import { MAX_PACKET_ID, followingPacketId, nextFreePacketId } from './packet-ids.ts';
import { Qos1Outbox, type PacketSink } from './qos1-outbox.ts';

/** A connection's allocator over its outbox and its SUBSCRIBEs, as LeanMqttClient holds it. */
class Sink implements PacketSink {
  next = 1;
  written: Buffer[] = [];
  subscribing = new Set<number>();
  readonly outbox: Qos1Outbox;
  constructor(outbox: Qos1Outbox) {
    this.outbox = outbox;
  }
  writePacket(p: Buffer): void {
    this.written.push(p);
  }
  allocatePacketId(): number {
    const id = nextFreePacketId(this.next, (c) => this.outbox.has(c) || this.subscribing.has(c));
    this.next = followingPacketId(id);
    return id;
  }
}

const idOf = (packet: Buffer): number => {
  // PUBLISH QoS 1: fixed header (1 + remaining-length bytes), topic (2 + n), then the id.
  let i = 1;
  while ((packet[i] as number) & 0x80) i++;
  i++;
  const topicLen = packet.readUInt16BE(i);
  return packet.readUInt16BE(i + 2 + topicLen);
};

describe('packet ids', () => {
  it('wraps from 65535 to 1, never to 0', () => {
    expect(followingPacketId(MAX_PACKET_ID)).toBe(1);
    expect(nextFreePacketId(MAX_PACKET_ID, () => false)).toBe(MAX_PACKET_ID);
    expect(nextFreePacketId(MAX_PACKET_ID, (id) => id === MAX_PACKET_ID)).toBe(1);
    expect(nextFreePacketId(0, () => false)).toBe(1);
  });

  it('skips ids in flight, and answers 0 when all 65,535 are taken', () => {
    const busy = new Set([5, 6, 7]);
    expect(nextFreePacketId(5, (id) => busy.has(id))).toBe(8);
    expect(nextFreePacketId(1, () => true)).toBe(0);
  });

  it('a SUBSCRIBE and a QoS 1 PUBLISH in flight never share an id', () => {
    const outbox = new Qos1Outbox();
    const sink = new Sink(outbox);
    const subId = sink.allocatePacketId();
    sink.subscribing.add(subId);
    const pub = outbox.store('t', 'x', false, sink);
    expect(subId).toBe(1);
    expect(idOf(pub)).toBe(2);
  });

  it('wraps past 65535 with ids still in flight and reuses none of them', () => {
    const outbox = new Qos1Outbox();
    const sink = new Sink(outbox);
    // Ids 1..3 stay unacknowledged for the whole run; everything else is acknowledged at once.
    const held = [1, 2, 3].map(() => idOf(outbox.store('held', 'x', false, sink)));
    expect(held).toEqual([1, 2, 3]);
    const seen: number[] = [];
    for (let i = 0; i < MAX_PACKET_ID + 10; i++) {
      const id = idOf(outbox.store('t', String(i), false, sink));
      seen.push(id);
      expect(outbox.ack(id)).toBe(true);
    }
    expect(seen.some((id) => held.includes(id))).toBe(false);
    expect(seen.at(MAX_PACKET_ID - 4)).toBe(MAX_PACKET_ID); // 4..65535 first
    expect(seen.at(MAX_PACKET_ID - 3)).toBe(4); // then 1..3 are skipped on the wrap
    expect(outbox.pending).toBe(3);
  });
});
