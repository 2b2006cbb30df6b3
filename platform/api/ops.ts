import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { ApiContext } from './context.ts';

/** /health (broker and InfluxDB reachability) and /metrics (Prometheus). */
export const opsRoutes: FastifyPluginAsyncTypebox<ApiContext> = async (app, { core }) => {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Broker and InfluxDB reachability; 503 when either is down',
        response: {
          '2xx': Type.Any(),
          503: Type.Any(),
        },
      },
    },
    async (_req, reply) => {
      const influx = await core.influx
        .ping()
        .then((version) => ({ ok: true, version }))
        .catch((err: Error) => ({ ok: false, error: err.message }));
      const broker = { ok: core.mqttConnected };
      const ok = influx.ok && broker.ok;
      return reply.code(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'degraded',
        broker,
        influx,
        history: { queued: core.history.depth, written: core.history.written, dropped: core.history.dropped },
        devices: { registered: core.store.registry.size, ...core.store.liveness.counts() },
      });
    },
  );

  app.get('/metrics', { schema: { summary: 'Prometheus metrics', hide: false } }, async (_req, reply) => {
    core.metrics.queueDepth.set(core.history.depth);
    return reply.type(core.metrics.registry.contentType).send(await core.metrics.registry.metrics());
  });
};
