import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { PlatformError } from '../errors.ts';

/** The 3D viewer's build (`npm run build:viewer` writes it); the platform serves files, it never imports viewer code. */
export const VIEWER_DIST = fileURLToPath(new URL('../../viewer/dist/', import.meta.url));

/**
 * /viewer/: the viewer's static build (`/viewer` redirects to `/viewer/`). Without a build at start,
 * /viewer and everything under it answer 404 JSON saying how to build it.
 */
export const viewerRoutes: FastifyPluginAsync<{ root?: string }> = async (app, opts) => {
  const root = opts.root ?? VIEWER_DIST;
  if (existsSync(root)) {
    await app.register(fastifyStatic, { root, prefix: '/viewer', redirect: true, index: 'index.html' });
    return;
  }
  const missing = async () => {
    throw new PlatformError(
      'NOT_BUILT',
      `The viewer is not built (${root} does not exist): run npm run build:viewer, then restart the platform.`,
    );
  };
  const schema = { hide: true };
  app.get('/viewer', { schema }, missing);
  app.get('/viewer/', { schema }, missing);
  app.get('/viewer/*', { schema }, missing);
};
