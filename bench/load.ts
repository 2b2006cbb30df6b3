import {
  DEFAULT_CLIENT_CONTEXT,
  LeanMqttClient,
  type LeanClientContext,
  type LeanClientHandler,
} from '../simulator/index.ts';

/** One message of a load run. */
export type LoadMessage = (i: number) => { topic: string; payload: string };

/**
 * A pool of MQTT connections publishing at a steady rate, round-robin over devices.
 *
 * On the simulator's lean client, not MQTT.js: a QoS 1 publish costs MQTT.js ~15 µs of CPU and the lean
 * client ~3 µs (measured against Mosquitto, 200,000 messages each); on a two-core machine the load
 * generator's CPU is taken from the broker and platform it measures, so the cheaper one measures more
 * of them and less of itself.
 */
export class LoadGenerator {
  readonly #clients: LeanMqttClient[];
  readonly #ctx: LeanClientContext;
  readonly #closed: string[];
  sent = 0;

  private constructor(clients: LeanMqttClient[], ctx: LeanClientContext, closed: string[]) {
    this.#clients = clients;
    this.#ctx = ctx;
    this.#closed = closed;
  }

  static async connect(url: string, connections: number, prefix: string): Promise<LoadGenerator> {
    const u = new URL(url);
    // A window far past what a run keeps in flight, and no drops: every publish is sent and counted.
    const ctx: LeanClientContext = {
      ...DEFAULT_CLIENT_CONTEXT,
      inflightWindow: 30_000,
      maxQueued: 10_000_000,
      counters: { packetsOut: 0, bytesOut: 0, dropped: 0, protocolErrors: 0 },
    };
    const closed: string[] = [];
    const clients = await Promise.all(
      Array.from({ length: connections }, (_, i) => {
        const clientId = `${prefix}-${i}`;
        return new Promise<LeanMqttClient>((resolve, reject) => {
          let up = false;
          const handler: LeanClientHandler = {
            onConnect: () => {
              up = true;
              resolve(client);
            },
            onSuback: () => undefined,
            onMessage: () => undefined,
            onClose: (reason, err) => {
              if (!up)
                reject(new Error(`load connection ${clientId} to ${url} failed: ${err?.message ?? reason}`));
              else if (reason !== 'requested') closed.push(`${clientId}: ${err?.message ?? reason}`);
            },
          };
          const client = new LeanMqttClient(
            {
              host: u.hostname,
              port: Number(u.port || 1883),
              clientId,
              ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
              ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
            },
            handler,
            ctx,
          );
          client.connect();
        });
      }),
    );
    return new LoadGenerator(clients, ctx, closed);
  }

  get connections(): number {
    return this.#clients.length;
  }

  /** QoS 1 messages the broker has not acknowledged yet. */
  get pending(): number {
    return this.#clients.reduce((n, c) => n + c.pending, 0);
  }

  /** Publishes one message on connection `i` (mod the pool's size). */
  publish(i: number, topic: string, payload: string, qos: 0 | 1 = 1): void {
    this.#check();
    (this.#clients[i % this.#clients.length] as LeanMqttClient).publish(topic, payload, qos);
  }

  /** Publishes `fn`'s messages in one write per connection. */
  batch(fn: () => void): void {
    // Corks every connection until the next tick (the lean client's batch, nested).
    const run = this.#clients.reduceRight<() => void>((inner, c) => () => c.batch(inner), fn);
    run();
  }

  /**
   * Publishes `rate` messages/s for `seconds`; `message(i)` gives topic and payload of the i-th message.
   * Ticks every 5 ms and catches up on what is due, so the average rate holds even when a tick is late.
   */
  async drive(
    rate: number,
    seconds: number,
    message: LoadMessage,
    qos: 0 | 1 = 1,
    onTick?: (elapsedMs: number) => void,
  ): Promise<{ sent: number; ms: number }> {
    const start = performance.now();
    const endAt = start + seconds * 1000;
    let sent = 0;
    let c = 0;
    while (performance.now() < endAt) {
      const elapsed = performance.now() - start;
      const due = Math.floor((rate * elapsed) / 1000) - sent;
      // One write per connection and tick instead of one per message (as a real gateway batches).
      this.batch(() => {
        for (let k = 0; k < due; k++) {
          const m = message(this.sent + sent);
          this.publish(c++, m.topic, m.payload, qos);
          sent++;
        }
      });
      onTick?.(elapsed);
      await new Promise((r) => setTimeout(r, 5));
    }
    this.sent += sent;
    return { sent, ms: performance.now() - start };
  }

  /** Waits (at most `timeoutMs`) for the broker to acknowledge every QoS 1 message, then disconnects. */
  async close(timeoutMs = 30_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.#clients.map((c) => c.waitForRoom(0))),
      new Promise((r) => (timer = setTimeout(r, timeoutMs))),
    ]);
    clearTimeout(timer);
    await Promise.all(this.#clients.map((c) => c.end(true)));
    this.#check();
  }

  /** A load run whose connection dropped or dropped messages measures nothing: it stops loudly. */
  #check(): void {
    if (this.#closed.length > 0)
      throw new Error(`load connections closed by the broker: ${this.#closed.join('; ')}`);
    if (this.#ctx.counters.dropped > 0)
      throw new Error(`the load generator dropped ${this.#ctx.counters.dropped} queued messages`);
  }
}
