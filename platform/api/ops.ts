import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthSchema } from '../../twin/index.ts';

/** /health (broker and InfluxDB reachability) and /metrics (Prometheus). Uses `history`, `mqtt`, `twins`, `metrics`. */
export const opsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { history, mqtt, twins, metrics } = app;

  app.get(
    '/health',
    {
      schema: {
        summary: 'Broker and InfluxDB reachability; 503 when either is down',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_req, reply) => {
      const influx = await history.port
        .ping()
        .then((version) => ({ ok: true, version }))
        .catch((err: Error) => ({ ok: false, error: err.message }));
      const broker = { ok: mqtt.connected };
      const ok = influx.ok && broker.ok;
      const { writer } = history;
      return reply.code(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'degraded',
        broker,
        influx,
        history: { queued: writer.depth, written: writer.written, dropped: writer.dropped },
        devices: { registered: twins.registry.size, ...twins.liveness.counts() },
      });
    },
  );

  app.get('/metrics', { schema: { summary: 'Prometheus metrics', hide: false } }, async (_req, reply) => {
    metrics.queueDepth.set(history.writer.depth);
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
};
