import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseTime, queryHistory, type HistoryKind } from '../history/reader.ts';
import type { ApiContext } from './context.ts';
import { DeviceIdParams, Document, ErrorBody, HistoryQuery } from './schemas.ts';

/** A device's history: raw points or mean/min/max buckets, of telemetry, liveness, shadow versions, events, commands. */
export const historyRoutes: FastifyPluginAsyncTypebox<ApiContext> = async (app, { core }) => {
  app.get(
    '/devices/:id/history',
    {
      schema: {
        summary: "Query a device's history",
        params: DeviceIdParams,
        querystring: HistoryQuery,
        response: {
          200: Document('{deviceId, kind, from, to, every?, columns, rows}'),
          400: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req) => {
      core.store.registry.require(req.params.id);
      const q = req.query;
      const now = core.store.now();
      const answer = await queryHistory(core.influx, {
        deviceId: req.params.id,
        kind: (q.kind ?? 'telemetry') as HistoryKind,
        fromMs: parseTime(q.from, now - 3_600_000, now),
        toMs: parseTime(q.to, now, now),
        ...(q.fields ? { fields: q.fields.split(',').filter(Boolean) } : {}),
        ...(q.every ? { every: q.every } : {}),
        ...(q.agg ? { aggregates: q.agg.split(',').filter(Boolean) } : {}),
        limit: q.limit ?? 10_000,
      });
      return answer as unknown as Record<string, unknown>;
    },
  );
};
