import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBodySchema, tryParseDuration } from '../../twin/index.ts';
import { PlatformError } from '../errors.ts';
import { fleetHistory, fleetSnapshot } from '../history/fleet-reader.ts';
import { MAX_EVERY_MS } from '../history/query-params.ts';
import { parseTime } from '../history/reader.ts';
import { FleetAnswer, FleetQuery, SnapshotAnswer, SnapshotQuery } from './fleet-schemas.ts';

/** The default bucket count of a fleet query without `every`. */
const DEFAULT_BUCKETS = 300;

const fieldList = (text: string | undefined) =>
  text
    ?.split(',')
    .map((f) => f.trim())
    .filter(Boolean);

/** Fleet-wide history for the 3D viewer's replay: a snapshot at one time, and buckets over a window. Uses `history`, `twins`. */
export const fleetHistoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { history, twins } = app;
  const errors = { 400: ErrorBodySchema, 503: ErrorBodySchema };

  app.get(
    '/history/snapshot',
    {
      schema: {
        summary: "Every device's latest value of each field at or before `at`, with its liveness then",
        querystring: SnapshotQuery,
        response: { 200: SnapshotAnswer, ...errors },
      },
    },
    async (req) => {
      const now = twins.now();
      return fleetSnapshot(history.port, {
        at: parseTime(req.query.at, now, now, 'at'),
        fields: fieldList(req.query.fields),
      });
    },
  );

  app.get(
    '/history/fleet',
    {
      schema: {
        summary: 'Every device over a window: last value per bucket, liveness, and the events',
        querystring: FleetQuery,
        response: { 200: FleetAnswer, ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      const now = twins.now();
      const from = parseTime(q.from, now - 3_600_000, now, 'from');
      const to = parseTime(q.to, now, now, 'to');
      let every = Math.max(1_000, Math.ceil((to - from) / DEFAULT_BUCKETS / 1_000) * 1_000);
      if (q.every !== undefined) {
        const parsed = tryParseDuration(q.every);
        if (parsed === undefined || !(parsed >= 1 && parsed <= MAX_EVERY_MS))
          throw new PlatformError(
            'BAD_QUERY',
            `every='${q.every}' is not a bucket length: use a duration like 10s, 1m, 1h30m or a number of ms (from 1 ms to 3650 days).`,
          );
        every = Math.round(parsed);
      }
      return fleetHistory(history.port, {
        from,
        to,
        every,
        fields: fieldList(q.fields),
        deviceCount: twins.registry.size,
      });
    },
  );
};
