import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthSchema } from '../../twin/index.ts';

/**
 * How long /health waits for InfluxDB's /ping: a database that does not answer within it is reported
 * down, so /health itself answers within 1 s whatever its dependencies do.
 */
export const HEALTH_PING_DEADLINE_MS = 500;

type PingResult = { ok: true; version: string } | { ok: false; error: string };

/** /health (broker and InfluxDB reachability) and /metrics (Prometheus). Uses `history`, `mqtt`, `twins`, `metrics`. */
export const opsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { history, mqtt, twins, metrics } = app;
  // One ping at a time: while a frozen InfluxDB holds one, later /health calls wait on the same one
  // (for at most the deadline each) instead of piling up requests.
  let pending: Promise<PingResult> | undefined;
  const ping = (): Promise<PingResult> => {
    pending ??= history.port
      .ping()
      .then((version): PingResult => ({ ok: true, version }))
      .catch((err: Error): PingResult => ({ ok: false, error: err.message }))
      .finally(() => (pending = undefined));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<PingResult>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, error: `no answer to /ping within ${HEALTH_PING_DEADLINE_MS} ms` }),
        HEALTH_PING_DEADLINE_MS,
      );
    });
    return Promise.race([pending, late]).finally(() => clearTimeout(timer));
  };

  app.get(
    '/health',
    {
      config: { access: 'loopback' },
      schema: {
        summary:
          'Broker and InfluxDB reachability; 503 when either is down. Answers within 1 s: InfluxDB not answering its ping within 500 ms is down',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_req, reply) => {
      const influx = await ping();
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

  app.get(
    '/metrics',
    { config: { access: 'loopback' }, schema: { summary: 'Prometheus metrics', hide: false } },
    async (_req, reply) => {
      metrics.queueDepth.set(history.writer.depth);
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  );
};
