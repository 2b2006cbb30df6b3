import { PlatformError } from '../errors.ts';
import type { MessageHandler, MqttPort } from './ports.ts';

export interface FakePublication {
  topic: string;
  payload: string;
  qos: 0 | 1;
}

/**
 * An in-memory broker for unit tests of the service logic: `deliver` hands a message to the platform
 * as the broker would (and says when the platform acknowledges it); `published` records
 * what the platform sent out. Integration tests use a real Mosquitto instead.
 */
export class FakeMqttPort implements MqttPort {
  readonly published: FakePublication[] = [];
  filters: readonly string[] = [];
  #onMessage: MessageHandler | undefined;
  #nextPacketId = 0;
  #connected = false;

  get connected(): boolean {
    return this.#connected;
  }

  async start(filters: readonly string[], onMessage: MessageHandler): Promise<void> {
    this.filters = [...filters];
    this.#onMessage = onMessage;
    this.#connected = true;
  }

  /**
   * A message from a device: an object is sent as JSON, a string or Buffer as it is (`redelivered`: as
   * the broker sends one again after a crash, flagged DUP, with the `packetId` it had the first time).
   * Resolves once the platform handled it; `acked` resolves when the platform acknowledges it (what it
   * carries is stored); `packetId` is the one it went with (1, 2, … unless given).
   */
  async deliver(
    topic: string,
    payload: string | Buffer | object,
    opts: { redelivered?: boolean; packetId?: number } = {},
  ): Promise<{ acked: Promise<void>; packetId: number }> {
    if (!this.#onMessage) throw new Error('FakeMqttPort.deliver before the platform started its session');
    const bytes = Buffer.isBuffer(payload)
      ? payload
      : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
    const packetId = opts.packetId ?? (this.#nextPacketId % 65_535) + 1;
    if (opts.packetId === undefined) this.#nextPacketId++;
    const durable = this.#onMessage(topic, bytes, opts.redelivered ?? false, packetId);
    return { acked: durable ?? Promise.resolve(), packetId };
  }

  publish(topic: string, payload: string, qos: 0 | 1): void {
    if (!this.#connected)
      throw new PlatformError('BROKER_UNAVAILABLE', 'the fake broker is not connected (start it first)');
    this.published.push({ topic, payload, qos });
  }

  /** The JSON payloads published on `topic`, oldest first. */
  sent(topic: string): unknown[] {
    return this.published.filter((p) => p.topic === topic).map((p) => JSON.parse(p.payload) as unknown);
  }

  /** Forgets what was published so far (between steps of a test). */
  clear(): void {
    this.published.length = 0;
  }

  async close(): Promise<void> {
    this.#connected = false;
  }
}
