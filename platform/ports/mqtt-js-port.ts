import mqtt, { type MqttClient } from 'mqtt';
import { corkPerTurn } from '../../runtime/index.ts';
import type { FastifyBaseLogger as Logger } from 'fastify';
import { PlatformError } from '../errors.ts';
import type { ResolvedOptions } from '../options.ts';
import type { MqttPort } from './ports.ts';

/** How long the first connection may take before the start fails. */
const FIRST_CONNECT_TIMEOUT_MS = 15_000;

/**
 * The broker through MQTT.js: a persistent session under a stable client id, so while the platform
 * restarts, or reconnects after a broker restart, the broker keeps its subscriptions and queues QoS 1
 * telemetry for it.
 */
export class MqttJsPort implements MqttPort {
  readonly #o: ResolvedOptions['mqtt'];
  readonly #log: Logger;
  #client: MqttClient | undefined;

  constructor(options: ResolvedOptions['mqtt'], log: Logger) {
    this.#o = options;
    this.#log = log;
  }

  get connected(): boolean {
    return this.#client?.connected ?? false;
  }

  async start(
    filters: readonly string[],
    onMessage: (topic: string, payload: Buffer) => void | Promise<void>,
  ): Promise<void> {
    const m = this.#o;
    const client = mqtt.connect(m.url, {
      clientId: m.clientId,
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: 24 * 3600 },
      reconnectPeriod: 1_000,
      connectTimeout: 10_000,
      ...(m.username ? { username: m.username } : {}),
      ...(m.password ? { password: m.password } : {}),
    });
    this.#client = client;
    // Backpressure: MQTT.js reads the next packet (and sends the PUBACK) only after `done`, so holding
    // it while history is over its high-water mark slows the broker down instead of buffering without
    // bound. Installed before CONNACK: a resumed session delivers at once.
    // PUBACKs (and responses) of one event-loop turn leave in one write: corking the socket until
    // setImmediate turns thousands of tiny writes a second into a few large ones.
    const batchWrites = corkPerTurn(() => client.stream);
    client.handleMessage = (packet, done) => {
      batchWrites();
      const held = onMessage(packet.topic, packet.payload as Buffer);
      if (held === undefined) return done();
      void held.then(() => done());
    };
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

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (client) await client.endAsync();
  }
}
