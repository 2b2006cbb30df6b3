import fp from 'fastify-plugin';
import { MqttJsPort } from '../ports/mqtt-js-port.ts';
import type { MqttPort } from '../ports/ports.ts';

/**
 * Decorates `mqtt`: the broker session (MQTT.js, or a fake in unit tests). It is started by tb-ingest,
 * once the message handler exists; it is ended on close, before history is flushed (tb-history closes
 * after it: Fastify runs onClose hooks in reverse order of registration).
 */
export const mqttPlugin = fp<{ port?: MqttPort | undefined }>(
  async (app, { port }) => {
    const session = port ?? new MqttJsPort(app.settings.mqtt, app.log);
    app.decorate('mqtt', session);
    app.addHook('onClose', async () => session.close());
  },
  { name: 'tb-mqtt', decorators: { fastify: ['settings'] } },
);
