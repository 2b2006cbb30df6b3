import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { DeviceIdParamsSchema, DeviceSummarySchema, ErrorBodySchema } from '../../twin/index.ts';
import { GatewayService } from './gateway-service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Children behind gateways: their messages in, commands and deltas out (tb-gateways). */
    gateways: GatewayService;
  }
}

/**
 * Decorates `gateways` (ingest hands it `tb/v1/{gw}/children/…` messages) and follows the twins:
 * child index, gateway liveness, commands and shadow deltas for children. Registered after twins
 * are restored (tb-history) so the index starts from the restored registry.
 */
export const gatewaysPlugin = fp(
  async (app) => {
    const { settings, twins, commands, shadows, rejections, metrics, mqtt } = app;
    const gateways = new GatewayService({
      store: twins,
      commands: commands.tracker,
      shadows,
      rejections,
      metrics,
      registration: settings.registration,
      maxDevices: settings.maxDevices,
      maxPayloadBytes: settings.maxPayloadBytes,
      publish: (topic, payload, qos) => mqtt.publish(topic, payload, qos),
    });
    app.decorate('gateways', gateways);
    const off = twins.bus.on((change) => gateways.onChange(change));
    app.addHook('onClose', async () => {
      off();
    });
  },
  {
    name: 'tb-gateways',
    dependencies: ['tb-metrics', 'tb-twins', 'tb-history', 'tb-mqtt', 'tb-shadows', 'tb-commands'],
  },
);

/** `GET /devices/:id/children`: the children behind a gateway, as `GET /devices` lists devices. */
export const gatewayRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { twins, gateways } = app;
  app.get(
    '/devices/:id/children',
    {
      schema: {
        summary: 'The children behind a gateway',
        description:
          'Devices whose newest connect came through this gateway (docs/gateways.md), with their liveness.',
        params: DeviceIdParamsSchema,
        response: { 200: Type.Array(DeviceSummarySchema), 404: ErrorBodySchema },
      },
    },
    async (req) => {
      twins.registry.require(req.params.id);
      return gateways.index.childrenOf(req.params.id).flatMap((id) => {
        const device = twins.registry.get(id);
        if (!device) return [];
        const live = twins.liveness.get(id);
        return [{ device, online: live?.online ?? false, ...(live ? { lastSeen: live.lastSeen } : {}) }];
      });
    },
  );
};
