import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DeviceIdParamsSchema,
  ErrorBodySchema,
  HistoryAnswerSchema,
  HistoryQuerySchema,
} from '../../twin/index.ts';
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  checkAggregates,
  checkBuckets,
  checkFields,
  checkSingle,
  parseEveryParam,
  parseIntParam,
  parseListParam,
  parseTimeParam,
} from '../history/query-params.ts';
import { queryHistory } from '../history/reader.ts';

const PARAMS = ['kind', 'from', 'to', 'fields', 'every', 'agg', 'limit'] as const;

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
      const device = twins.registry.require(req.params.id);
      // Each parameter is read from the raw query string and checked here, so a 400 names it: the
      // schema's coercion would turn limit=1e309 into Infinity and let it through.
      const search = new URL(req.url, 'http://platform').searchParams;
      checkSingle(search, PARAMS);
      const raw = (p: (typeof PARAMS)[number]) => search.get(p) ?? undefined;
      const kind = req.query.kind ?? 'telemetry';
      const now = twins.now();
      const fromMs = parseTimeParam('from', raw('from'), now - 3_600_000, now);
      const toMs = parseTimeParam('to', raw('to'), now, now);
      const limit = parseIntParam('limit', raw('limit'), DEFAULT_LIMIT, 1, MAX_LIMIT);
      const fields = parseListParam('fields', raw('fields'));
      if (fields) checkFields(fields, kind, device.type);
      const every = raw('every');
      if (every !== undefined) checkBuckets(fromMs, toMs, parseEveryParam(every));
      const aggregates = parseListParam('agg', raw('agg'));
      if (aggregates) checkAggregates(aggregates);
      return queryHistory(history.port, {
        deviceId: device.id,
        kind,
        fromMs,
        toMs,
        ...(fields && fields.length > 0 ? { fields } : {}),
        ...(every ? { every } : {}),
        ...(aggregates && aggregates.length > 0 ? { aggregates } : {}),
        limit,
      });
    },
  );
};
