import mqtt, { type MqttClient } from 'mqtt';
import { corkPerTurn, pubacks } from '../../runtime/index.ts';
import type { FastifyBaseLogger as Logger } from 'fastify';
import { PlatformError } from '../errors.ts';
import type { ResolvedOptions } from '../options.ts';
import type { MessageHandler, MqttPort } from './ports.ts';

/** How long the first connection may take before the start fails. */
const FIRST_CONNECT_TIMEOUT_MS = 15_000;
/** How long a closing platform waits for the acknowledgements it owes (their lines being written). */
const CLOSE_ACKS_MS = 5_000;
/**
 * QoS 1 messages the broker may send before the platform acknowledges one (MQTT 5 Receive Maximum,
 * the protocol's highest). Acknowledging after the InfluxDB write keeps a whole batch (thousands of
 * messages, up to a flush interval) unacknowledged; Mosquitto takes a v5 client's Receive Maximum as
 * that session's in-flight limit instead of its `max_inflight_messages` (20 by default).
 */
export const RECEIVE_MAXIMUM = 65_535;
/**
 * Messages handled before the port lets the event loop turn. MQTT.js handles the packets of a read one
 * after another in `process.nextTick`, and libuv reads up to 32 × 64 KiB of a busy socket at once: a
 * platform a little behind handled thousands of messages (~4,900 from one burst in the port's test)
 * before any timer or `setImmediate` ran, so the twin stream's frames (flushed per turn), the InfluxDB
 * batch timer and the acknowledgements all waited that long.
 */
const MESSAGES_PER_TURN = 500;
/** Handed to MQTT.js's handleMessage callback: it then skips its own PUBACK and reads the next packet. */
const ACK_HELD = new Error('acknowledged by the platform once the message is stored');

/** A received QoS 1 message whose PUBACK is owed, on the connection (`stream`) it came on. */
interface OwedAck {
  id: number;
  stream: unknown;
  ready: boolean;
  topic: string;
  payload: Buffer;
  /** Resolves when what the message carries is stored (undefined: it was at once). */
  durable: Promise<void> | undefined;
}

const redeliveryKey = (topic: string, payload: Buffer) => `${topic}\u0000${payload.toString('latin1')}`;

/**
 * The broker through MQTT.js: a persistent session under a stable client id, so while the platform
 * restarts, or reconnects after a broker restart, the broker keeps its subscriptions and queues QoS 1
 * telemetry for it. A QoS 1 message is acknowledged only once what it carries is stored (the promise
 * `onMessage` returns): MQTT.js acknowledges when its handler's callback is called and reads the next
 * packet only then, so it is told to skip its PUBACK and the port sends PUBACKs itself, in arrival
 * order, in one write per stored batch. Whatever was not acknowledged when the platform dies is
 * delivered again by the broker.
 */
export class MqttJsPort implements MqttPort {
  readonly #o: ResolvedOptions['mqtt'];
  readonly #log: Logger;
  #client: MqttClient | undefined;
  /** Owed PUBACKs in arrival order, from `#head` on. */
  #owed: OwedAck[] = [];
  #head = 0;
  /** The last durability promise seen, and the acks waiting on it (messages of one batch share one). */
  #lastPromise: Promise<void> | undefined;
  #lastGroup: OwedAck[] = [];
  #drainWaiters: { upTo: OwedAck; resolve: () => void }[] = [];
  /** Acks that could not be sent (the connection was gone): the broker delivers those messages again. */
  #unsent: OwedAck[] = [];
  /** Messages this process handled and did not acknowledge before a reconnect, by topic and payload. */
  #expectedAgain = new Map<string, OwedAck[]>();

  constructor(options: ResolvedOptions['mqtt'], log: Logger) {
    this.#o = options;
    this.#log = log;
  }

  get connected(): boolean {
    return this.#client?.connected ?? false;
  }

  async start(filters: readonly string[], onMessage: MessageHandler): Promise<void> {
    const m = this.#o;
    const client = mqtt.connect(m.url, {
      clientId: m.clientId,
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: 24 * 3600, receiveMaximum: RECEIVE_MAXIMUM },
      reconnectPeriod: 1_000,
      // MQTT.js traces every packet through `debug`, which costs even when off (a few % of ingest).
      log: () => undefined,
      connectTimeout: 10_000,
      ...(m.username ? { username: m.username } : {}),
      ...(m.password ? { password: m.password } : {}),
    });
    this.#client = client;
    // Installed before CONNACK: a resumed session delivers at once. Responses of one event-loop turn
    // leave in one write: corking the socket until setImmediate turns thousands of tiny writes a
    // second into a few large ones.
    const batchWrites = corkPerTurn(() => client.stream);
    let handled = 0;
    // Calling `done` later is how MQTT.js is told to wait: the next packet is handled after the turn.
    const next = (done: (err?: Error) => void, err?: Error) => {
      if (++handled < MESSAGES_PER_TURN) return done(err);
      handled = 0;
      setImmediate(() => done(err));
    };
    client.handleMessage = (packet, done) => {
      batchWrites();
      const payload = packet.payload as Buffer;
      // A message this process already handled, delivered again after a reconnect (DUP): it is not
      // applied twice (no second shadow version, no second arrival-time point); acknowledged once
      // the first copy is stored.
      const first = packet.dup ? this.#takeExpected(packet.topic, payload) : undefined;
      const durable = first
        ? first.durable
        : onMessage(packet.topic, payload, packet.dup === true, packet.messageId);
      if (packet.qos !== 1 || packet.messageId === undefined) return next(done);
      const ack: OwedAck = {
        id: packet.messageId,
        stream: client.stream,
        ready: false,
        topic: packet.topic,
        payload,
        durable: durable ?? undefined,
      };
      this.#owe(ack, first?.ready ? undefined : durable);
      next(done, ACK_HELD);
    };
    // Acks owed on a lost connection are void: the broker delivers those messages again. No Nagle:
    // MQTT.js leaves it on, which holds a lone small packet (a command, a response) until the previous
    // one is acknowledged, up to 40 ms on Linux; writes are batched per turn already (corkPerTurn).
    client.on('connect', () => {
      this.#expectAgain();
      (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    });
    // Only the first connection may fail the start; later errors belong to MQTT.js's reconnect loop.
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => {
        clearTimeout(timer);
        client.removeListener('connect', ok);
        client.end(true);
        this.#client = undefined;
        reject(
          new PlatformError(
            'BROKER_UNAVAILABLE',
            `Cannot connect to the broker at ${m.url}: ${err.message}. Check the URL and credentials.`,
            { cause: err },
          ),
        );
      };
      const ok = () => {
        clearTimeout(timer);
        client.removeListener('error', fail);
        resolve();
      };
      const timer = setTimeout(() => fail(new Error('no CONNACK within 15 s')), FIRST_CONNECT_TIMEOUT_MS);
      client.once('connect', ok);
      client.once('error', fail);
    });
    client.on('error', (err) => this.#log.warn({ err }, 'mqtt error'));
    client.on('offline', () => this.#log.warn('broker unreachable; reconnecting'));
    client.on('connect', () => this.#log.info('connected to the broker'));
    const subscriptions: Record<string, { qos: 1; nl: true }> = {};
    for (const f of filters) subscriptions[f] = { qos: 1, nl: true };
    await client.subscribeAsync(subscriptions);
  }

  publish(topic: string, payload: string, qos: 0 | 1): void {
    if (!this.#client)
      throw new PlatformError(
        'BROKER_UNAVAILABLE',
        'The platform is not connected to the broker (it is starting or stopping); retry in a moment.',
      );
    this.#client.publish(topic, payload, { qos });
  }

  /** The in-flight limit the platform's session asks of the broker (MQTT 5 Receive Maximum). */
  readonly receiveMaximum = RECEIVE_MAXIMUM;

  /** QoS 1 acknowledgements owed (messages received, not yet stored). */
  get unacknowledged(): number {
    return this.#owed.length - this.#head;
  }

  /** Sends what is owed, once what the messages carry is stored (at most CLOSE_ACKS_MS), then disconnects. */
  async close(): Promise<void> {
    const client = this.#client;
    if (client && this.unacknowledged > 0) {
      const last = this.#owed.at(-1) as OwedAck;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.#drainWaiters.push({ upTo: last, resolve })),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_ACKS_MS))),
      ]);
      clearTimeout(timer);
    }
    this.#client = undefined;
    if (client) await client.endAsync();
  }

  #owe(ack: OwedAck, durable: Promise<void> | void): void {
    this.#owed.push(ack);
    if (durable === undefined) {
      ack.ready = true;
      this.#drain();
    } else if (durable === this.#lastPromise) {
      this.#lastGroup.push(ack);
    } else {
      const group = [ack];
      this.#lastPromise = durable;
      this.#lastGroup = group;
      void durable.then(() => {
        for (const a of group) a.ready = true;
        this.#drain();
      });
    }
  }

  /** Sends the PUBACKs that are ready, in arrival order, in one write. */
  #drain(): void {
    const client = this.#client;
    const ids: number[] = [];
    let sent: OwedAck | undefined;
    while (this.#head < this.#owed.length) {
      const ack = this.#owed[this.#head] as OwedAck;
      if (!ack.ready) break;
      this.#head++;
      sent = ack;
      if (client && client.connected && ack.stream === client.stream) ids.push(ack.id);
      else this.#unsent.push(ack);
    }
    if (this.#head > 4_096 && this.#head * 2 > this.#owed.length) {
      this.#owed = this.#owed.slice(this.#head);
      this.#head = 0;
    }
    if (ids.length > 0 && client) client.stream.write(pubacks(ids));
    if (sent && this.#drainWaiters.length > 0) this.#wakeDrainWaiters();
  }

  /**
   * On a new connection: acks owed on the old one are void (the broker delivers those messages again,
   * flagged DUP); they are remembered by topic and payload so the copies are not handled twice.
   */
  #expectAgain(): void {
    this.#expectedAgain = new Map();
    for (const ack of [...this.#unsent, ...this.#owed.slice(this.#head)]) {
      const key = redeliveryKey(ack.topic, ack.payload);
      const same = this.#expectedAgain.get(key);
      if (same) same.push(ack);
      else this.#expectedAgain.set(key, [ack]);
    }
    this.#unsent = [];
    this.#forgetOwed();
  }

  #takeExpected(topic: string, payload: Buffer): OwedAck | undefined {
    if (this.#expectedAgain.size === 0) return undefined;
    const key = redeliveryKey(topic, payload);
    const same = this.#expectedAgain.get(key);
    const first = same?.shift();
    if (same && same.length === 0) this.#expectedAgain.delete(key);
    return first;
  }

  #forgetOwed(): void {
    this.#owed = [];
    this.#head = 0;
    this.#lastPromise = undefined;
    this.#lastGroup = [];
    this.#wakeDrainWaiters();
  }

  #wakeDrainWaiters(): void {
    const pending = new Set(this.#owed.slice(this.#head));
    this.#drainWaiters = this.#drainWaiters.filter((w) => {
      if (pending.has(w.upTo)) return true;
      w.resolve();
      return false;
    });
  }
}
