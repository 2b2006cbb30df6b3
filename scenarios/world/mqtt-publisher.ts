import mqtt, { type MqttClient } from 'mqtt';
import type { StackInfo } from '../../stack/index.ts';
import type { Publisher } from '../engine/world.ts';

/** Raw publishes for `publish:` steps, on one MQTT connection per scenario, opened on first use. */
export class MqttPublisher implements Publisher {
  readonly #stack: Pick<StackInfo, 'mqttUrl' | 'mqtt'>;
  readonly #clientId: string;
  #client: Promise<MqttClient> | undefined;

  constructor(stack: Pick<StackInfo, 'mqttUrl' | 'mqtt'>, clientId: string) {
    this.#stack = stack;
    this.#clientId = clientId;
  }

  async publish(topic: string, payload: string, o: { qos: 0 | 1 | 2; retain: boolean }): Promise<void> {
    this.#client ??= mqtt.connectAsync(this.#stack.mqttUrl, {
      clientId: this.#clientId,
      reconnectPeriod: 1_000,
      ...(this.#stack.mqtt.username ? { username: this.#stack.mqtt.username } : {}),
      ...(this.#stack.mqtt.password ? { password: this.#stack.mqtt.password } : {}),
    });
    const client = await this.#client;
    await client.publishAsync(topic, payload, o);
  }

  async close(): Promise<void> {
    const c = this.#client;
    this.#client = undefined;
    if (c) await (await c.catch(() => undefined))?.endAsync(true);
  }
}
