/**
 * MQTT 3.1.1 packets for the lean device client.
 *
 * mqtt-packet (MQTT.js's own generator) builds the rare, intricate packets — CONNECT with a will and
 * credentials, SUBSCRIBE. The packets on the hot path (PUBLISH out, PUBACK both ways) and the five kinds
 * a device ever receives (CONNACK, SUBACK, PUBLISH, PUBACK, PINGRESP) are a few lines each, written here
 * without per-connection parser state: mqtt-packet's `parser()` keeps an EventEmitter and a BufferList
 * per stream, which is what 10,000 connections cannot afford. codec.test.ts checks every one of them byte
 * for byte against mqtt-packet, both ways. Only mqtt-packet's generator is loaded here
 * (mqtt-packet-parts.d.ts): its main module loads the parser too.
 */
// The declarations travel with this file into every tsconfig that compiles it (the viewer's tests too);
// an `import` of a .d.ts would be loaded by Node at run time.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./mqtt-packet-parts.d.ts" />
import generatePacket from 'mqtt-packet/generate.js';
import writeToStream from 'mqtt-packet/writeToStream.js';
import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';

// mqtt-packet otherwise fills a table of 65,536 two-byte Buffers (~7 MB of heap) on its first packet, to
// save an allocation per packet id: a cost for every simulator process, for packets it sends once per
// connection. The bytes are the same (codec.test.ts).
writeToStream.cacheNumbers = false;

export type QoS = 0 | 1;

export interface WillMessage {
  topic: string;
  payload: Buffer | string;
  qos: QoS;
  retain: boolean;
}

export interface ConnectFields {
  clientId: string;
  /** Seconds; 0 disables keepalive. */
  keepaliveS: number;
  clean: boolean;
  username?: string | undefined;
  password?: string | undefined;
  will?: WillMessage | undefined;
}

/** What a device client receives. */
export type Incoming =
  | { type: 'connack'; returnCode: number; sessionPresent: boolean }
  | { type: 'suback'; messageId: number; granted: number[] }
  | { type: 'publish'; topic: string; payload: Buffer; qos: number; messageId: number; retain: boolean }
  | { type: 'puback'; messageId: number }
  | { type: 'pingresp' };

/** Largest packet accepted from the broker (mosquitto's max_packet_size in the stack is 1 MB). */
export const MAX_INCOMING_PACKET = 1_048_576 + 8;

export const PINGREQ: Buffer = Buffer.from([0xc0, 0x00]);
export const DISCONNECT: Buffer = Buffer.from([0xe0, 0x00]);

export function encodeConnect(f: ConnectFields): Buffer {
  return generatePacket({
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 4,
    clientId: f.clientId,
    clean: f.clean,
    keepalive: f.keepaliveS,
    ...(f.username !== undefined ? { username: f.username } : {}),
    ...(f.password !== undefined ? { password: Buffer.from(f.password) } : {}),
    ...(f.will ? { will: { ...f.will } } : {}),
  });
}

export function encodeSubscribe(messageId: number, filters: readonly string[], qos: QoS): Buffer {
  return generatePacket({
    cmd: 'subscribe',
    messageId,
    subscriptions: filters.map((topic) => ({ topic, qos })),
  });
}

export function encodePuback(messageId: number): Buffer {
  return Buffer.from([0x40, 0x02, messageId >> 8, messageId & 0xff]);
}

/** Bytes the remaining-length field takes. */
function varintSize(n: number): number {
  return n < 128 ? 1 : n < 16_384 ? 2 : n < 2_097_152 ? 3 : 4;
}

/** PUBLISH, encoded in one allocation (a string payload is written straight into the packet). */
export function encodePublish(
  topic: string,
  payload: Buffer | string,
  qos: QoS,
  retain: boolean,
  messageId = 0,
  dup = false,
): Buffer {
  const topicLength = Buffer.byteLength(topic);
  const payloadLength = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  const remaining = 2 + topicLength + (qos > 0 ? 2 : 0) + payloadLength;
  const buf = Buffer.allocUnsafe(1 + varintSize(remaining) + remaining);
  buf[0] = 0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 1 : 0);
  let at = 1;
  let n = remaining;
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    buf[at++] = byte;
  } while (n > 0);
  buf.writeUInt16BE(topicLength, at);
  at += 2;
  at += buf.write(topic, at, 'utf8');
  if (qos > 0) {
    buf.writeUInt16BE(messageId, at);
    at += 2;
  }
  if (typeof payload === 'string') buf.write(payload, at, 'utf8');
  else payload.copy(buf, at);
  return buf;
}

/** Marks a stored QoS 1 PUBLISH as a retransmission (DUP flag), in place. */
export function markDup(publish: Buffer): void {
  publish[0] = (publish[0] ?? 0) | 0x08;
}

function protocolError(message: string): SimulatorError {
  return new SimulatorError(
    SIMULATOR_ERROR_CODES.PROTOCOL,
    `${message}; is the URL an MQTT 3.1.1 broker (mqtt://host:1883)?`,
  );
}

/**
 * Splits a byte stream into whole packets: `onFrame` gets each complete packet (header included), the
 * return value is the incomplete tail to keep until the next chunk (undefined when none).
 */
export function readFrames(
  pending: Buffer | undefined,
  chunk: Buffer,
  onFrame: (frame: Buffer) => void,
): Buffer | undefined {
  let buf = pending ? Buffer.concat([pending, chunk]) : chunk;
  for (;;) {
    if (buf.length < 2) return buf.length > 0 ? Buffer.from(buf) : undefined;
    let remaining = 0;
    let multiplier = 1;
    let at = 1;
    let complete = false;
    while (at < buf.length && at <= 4) {
      const byte = buf[at++] ?? 0;
      remaining += (byte & 0x7f) * multiplier;
      multiplier *= 128;
      if ((byte & 0x80) === 0) {
        complete = true;
        break;
      }
    }
    if (!complete) {
      if (at > 4) throw protocolError('malformed remaining length in a packet from the broker');
      return Buffer.from(buf);
    }
    const size = at + remaining;
    if (size > MAX_INCOMING_PACKET) throw protocolError(`a ${size}-byte packet from the broker`);
    // A kept tail is copied out, so it does not pin the socket's whole chunk.
    if (buf.length < size) return Buffer.from(buf);
    onFrame(size === buf.length ? buf : buf.subarray(0, size));
    if (size === buf.length) return undefined;
    buf = buf.subarray(size);
  }
}

/** Decodes one complete packet a client can receive. */
export function decodeFrame(frame: Buffer): Incoming {
  const first = frame[0] ?? 0;
  const type = first >> 4;
  let at = 1;
  while (((frame[at] ?? 0) & 0x80) !== 0) at++;
  at++;
  const bodyLength = frame.length - at;
  switch (type) {
    case 2: // CONNACK
      if (bodyLength !== 2) throw protocolError('CONNACK of the wrong length');
      return {
        type: 'connack',
        sessionPresent: ((frame[at] ?? 0) & 1) === 1,
        returnCode: frame[at + 1] ?? 0,
      };
    case 3: {
      // PUBLISH
      const qos = (first >> 1) & 3;
      if (qos > 2) throw protocolError('PUBLISH with QoS 3');
      const topicLength = frame.readUInt16BE(at);
      at += 2;
      const topic = frame.toString('utf8', at, at + topicLength);
      at += topicLength;
      let messageId = 0;
      if (qos > 0) {
        messageId = frame.readUInt16BE(at);
        at += 2;
      }
      if (at > frame.length) throw protocolError('PUBLISH shorter than its topic');
      return {
        type: 'publish',
        topic,
        payload: frame.subarray(at),
        qos,
        messageId,
        retain: (first & 1) === 1,
      };
    }
    case 4: // PUBACK
      if (bodyLength < 2) throw protocolError('PUBACK without a message id');
      return { type: 'puback', messageId: frame.readUInt16BE(at) };
    case 9: {
      // SUBACK
      if (bodyLength < 3) throw protocolError('SUBACK without return codes');
      const messageId = frame.readUInt16BE(at);
      const granted: number[] = [];
      for (let i = at + 2; i < frame.length; i++) granted.push(frame[i] ?? 0x80);
      return { type: 'suback', messageId, granted };
    }
    case 13: // PINGRESP
      return { type: 'pingresp' };
    default:
      throw protocolError(`unexpected packet type ${type} from the broker`);
  }
}
