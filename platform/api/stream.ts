import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { StreamQuerySchema, TWIN_CHANGE_KINDS, type TwinChangeKind } from '../../twin/index.ts';

/** GET /stream (WebSocket): JSON arrays of twin changes, filtered by device, type, tag and kind. Uses `streamHub`, `metrics`. */
export const streamRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { streamHub: hub, metrics } = app;
  app.get(
    '/stream',
    {
      websocket: true,
      schema: {
        summary: 'WebSocket stream of twin changes (each frame a JSON array)',
        querystring: StreamQuerySchema,
      },
    },
    (socket, req) => {
      const q = req.query;
      const kinds = q.kinds
        ?.split(',')
        .filter((k): k is TwinChangeKind => (TWIN_CHANGE_KINDS as readonly string[]).includes(k));
      const unsubscribe = hub.subscribe(
        {
          ...(q.device ? { ids: q.device.split(',') } : {}),
          ...(q.type ? { type: q.type } : {}),
          ...(q.tag ? { tag: q.tag } : {}),
          ...(kinds && kinds.length > 0 ? { kinds } : {}),
        },
        (text) => {
          if (socket.readyState === socket.OPEN) socket.send(text);
        },
      );
      metrics.wsClients.set(hub.size);
      socket.on('close', () => {
        unsubscribe();
        metrics.wsClients.set(hub.size);
      });
    },
  );
};
