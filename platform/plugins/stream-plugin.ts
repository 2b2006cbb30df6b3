import fp from 'fastify-plugin';
import { StreamHub } from '../twins/stream-hub.ts';

/** Decorates `streamHub`: fans twin changes out to WebSocket clients; flushed and emptied on close. */
export const streamPlugin = fp(
  async (app) => {
    const hub = new StreamHub(app.twins, app.settings.streamFlushIntervalMs);
    app.decorate('streamHub', hub);
    app.addHook('onClose', async () => hub.close());
  },
  { name: 'tb-stream', dependencies: ['tb-twins'] },
);
