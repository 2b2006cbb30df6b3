import mqtt, { type MqttClient } from 'mqtt';

/** A pool of MQTT connections publishing at a steady rate, round-robin over devices. */
export class LoadGenerator {
  readonly clients: MqttClient[];
  sent = 0;

  private constructor(clients: MqttClient[]) {
    this.clients = clients;
  }

  static async connect(url: string, connections: number, prefix: string): Promise<LoadGenerator> {
    const clients = await Promise.all(
      Array.from({ length: connections }, (_, i) =>
        mqtt.connectAsync(url, {
          clientId: `${prefix}-${i}`,
          reconnectPeriod: 0,
          queueQoSZero: false,
          // MQTT.js traces every packet through `debug`, which costs even when off (as the platform does).
          log: () => undefined,
        }),
      ),
    );
    return new LoadGenerator(clients);
  }

  /**
   * Publishes `rate` messages/s for `seconds`; `message(i)` gives topic and payload of the i-th message.
   * Ticks every 5 ms and catches up on what is due, so the average rate holds even when a tick is late.
   */
  async drive(
    rate: number,
    seconds: number,
    message: (i: number) => { topic: string; payload: string },
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
      for (const client of this.clients) client.stream.cork();
      for (let k = 0; k < due; k++) {
        const m = message(this.sent + sent);
        const client = this.clients[c++ % this.clients.length] as MqttClient;
        client.publish(m.topic, m.payload, { qos });
        sent++;
      }
      for (const client of this.clients) client.stream.uncork();
      onTick?.(elapsed);
      await new Promise((r) => setTimeout(r, 5));
    }
    this.sent += sent;
    return { sent, ms: performance.now() - start };
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.endAsync()));
  }
}
