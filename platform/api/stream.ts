import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { TwinChange } from '../twins/changes.ts';
import type { ApiContext } from './context.ts';

const KINDS: readonly TwinChange['kind'][] = [
  'telemetry',
  'shadow',
  'liveness',
  'event',
  'command',
  'device',
];

/** GET /stream (WebSocket): JSON arrays of twin changes, filtered by device, type, tag and kind. */
export const streamRoutes: FastifyPluginAsyncTypebox<ApiContext> = async (app, { core, hub }) => {
  app.get(
    '/stream',
    {
      websocket: true,
      schema: {
        summary: 'WebSocket stream of twin changes (each frame a JSON array)',
        querystring: Type.Object({
          device: Type.Optional(Type.String({ description: 'comma-separated device ids' })),
          type: Type.Optional(Type.String()),
          tag: Type.Optional(Type.String({ description: 'key:value or key' })),
          kinds: Type.Optional(Type.String({ description: `comma-separated: ${KINDS.join(', ')}` })),
        }),
      },
    },
    (socket, req) => {
      const q = req.query;
      const kinds = q.kinds
        ?.split(',')
        .filter((k): k is TwinChange['kind'] => (KINDS as string[]).includes(k));
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
      core.metrics.wsClients.set(hub.size);
      socket.on('close', () => {
        unsubscribe();
        core.metrics.wsClients.set(hub.size);
      });
    },
  );
};
