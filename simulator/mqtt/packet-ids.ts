/**
 * MQTT packet identifiers (MQTT-2.3.1-2): a SUBSCRIBE, UNSUBSCRIBE or QoS > 0 PUBLISH must use an id
 * that no other packet of the same connection has in flight. One allocator serves every packet type
 * of a connection, so a SUBSCRIBE never shares an id with an unacknowledged PUBLISH.
 */
export const MAX_PACKET_ID = 65_535;

/**
 * The first id at or after `start` (wrapping from 65535 to 1) for which `inUse` is false, or 0 when all
 * 65,535 are in use. Pure, so the wrap is testable without a broker.
 */
export function nextFreePacketId(start: number, inUse: (id: number) => boolean): number {
  let id = start < 1 || start > MAX_PACKET_ID ? 1 : start;
  for (let tries = 0; tries < MAX_PACKET_ID; tries++) {
    if (!inUse(id)) return id;
    id = id === MAX_PACKET_ID ? 1 : id + 1;
  }
  return 0;
}

/** The id after `id`, wrapping 65535 → 1. */
export function followingPacketId(id: number): number {
  return id >= MAX_PACKET_ID ? 1 : id + 1;
}
