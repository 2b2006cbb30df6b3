/**
 * PUBACKs of MQTT 5 with reason 0 and no properties (0x40, remaining length 2, packet id; §3.4.2.1),
 * many in one buffer. MQTT.js writes each PUBACK as several small chunks; a client acknowledging tens
 * of thousands of messages a second writes them itself, one buffer per batch (a socket buffering over
 * a million chunks fails its writev with EINVAL).
 */
export function pubacks(ids: readonly number[]): Buffer {
  const out = Buffer.allocUnsafe(ids.length * 4);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    out[i * 4] = 0x40;
    out[i * 4 + 1] = 2;
    out[i * 4 + 2] = id >> 8;
    out[i * 4 + 3] = id & 0xff;
  }
  return out;
}
