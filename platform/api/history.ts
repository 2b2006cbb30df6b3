import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DeviceIdParamsSchema,
  ErrorBodySchema,
  HistoryAnswerSchema,
  HistoryQuerySchema,
} from '../../twin/index.ts';
import { parseTime, queryHistory } from '../history/reader.ts';

/** A device's history: raw points or buckets, of telemetry, liveness, shadow versions, events, commands. Uses `twins`, `history`. */
export const historyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { twins, history } = app;
  app.get(
    '/devices/:id/history',
    {
      schema: {
        summary: "Query a device's history",
        params: DeviceIdParamsSchema,
        querystring: HistoryQuerySchema,
        response: {
          200: HistoryAnswerSchema,
          400: ErrorBodySchema,
          404: ErrorBodySchema,
          503: ErrorBodySchema,
        },
      },
    },
    async (req) => {
      twins.registry.require(req.params.id);
      const q = req.query;
      const now = twins.now();
      return queryHistory(history.port, {
        deviceId: req.params.id,
        kind: q.kind ?? 'telemetry',
        fromMs: parseTime(q.from, now - 3_600_000, now),
        toMs: parseTime(q.to, now, now),
        ...(q.fields ? { fields: q.fields.split(',').filter(Boolean) } : {}),
        ...(q.every ? { every: q.every } : {}),
        ...(q.agg ? { aggregates: q.agg.split(',').filter(Boolean) } : {}),
        limit: q.limit ?? 10_000,
      });
    },
  );
};
