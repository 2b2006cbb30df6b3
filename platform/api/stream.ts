import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { StreamQuerySchema, TWIN_CHANGE_KINDS, type TwinChangeKind } from '../../twin/index.ts';
import { bearerToken } from '../auth/access.ts';
import { awaitStreamAuth, closeOnRevoke } from '../auth/stream-auth.ts';

/**
 * GET /stream (WebSocket): JSON arrays of twin changes, filtered by device, type, tag and kind. Needs a
 * viewer token: in the Authorization header, or (browsers) in a first message (auth/stream-auth.ts).
 * Uses `streamHub`, `metrics`, `auth`.
 */
export const streamRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { streamHub: hub, metrics, auth } = app;
  app.get(
    '/stream',
    {
      websocket: true,
      config: { access: 'viewer' },
      schema: {
        summary: 'WebSocket stream of twin changes (each frame a JSON array)',
        querystring: StreamQuerySchema,
      },
    },
    async (socket, req) => {
      let unwatch: () => void = () => undefined;
      if (auth.mode === 'tokens') {
        const header = req.identity ? bearerToken(req.headers.authorization) : undefined;
        const token = header ?? (await awaitStreamAuth(socket, auth))?.token;
        if (!token) return;
        unwatch = closeOnRevoke(socket, auth, token);
      }
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
        unwatch();
        unsubscribe();
        metrics.wsClients.set(hub.size);
      });
    },
  );
};
