import fp from 'fastify-plugin';
import { Rejections } from '../ingest/rejections.ts';
import { createMetrics } from './metrics.ts';

/** Decorates `metrics` (Prometheus, a registry of its own) and `rejections` (count and log refusals). */
export const metricsPlugin = fp(
  async (app) => {
    const metrics = createMetrics();
    app.decorate('metrics', metrics);
    app.decorate(
      'rejections',
      new Rejections({
        intervalMs: app.settings.rejectLogIntervalMs,
        log: app.log,
        metrics,
        now: app.settings.now,
      }),
    );
  },
  { name: 'tb-metrics', decorators: { fastify: ['settings'] } },
);
