import fp from 'fastify-plugin';
import { ShadowGateway } from '../shadows/shadow-gateway.ts';

/** Decorates `shadows`: the AWS IoT Device Shadow service over MQTT and REST. */
export const shadowsPlugin = fp(
  async (app) => {
    const { twins, rejections, settings, mqtt } = app;
    app.decorate(
      'shadows',
      new ShadowGateway({
        store: twins,
        rejections,
        registration: settings.registration,
        maxJsonDepth: settings.maxJsonDepth,
        maxDevices: settings.maxDevices,
        publish: (topic, payload) => mqtt.publish(topic, payload, 0),
      }),
    );
  },
  { name: 'tb-shadows', dependencies: ['tb-metrics', 'tb-twins', 'tb-mqtt'] },
);
