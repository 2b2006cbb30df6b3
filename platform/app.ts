import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { ShadowError } from '../twin/index.ts';
import { commandRoutes } from './api/commands.ts';
import { devicesRoutes } from './api/devices.ts';
import { historyRoutes } from './api/history.ts';
import { opsRoutes } from './api/ops.ts';
import { shadowRoutes } from './api/shadows.ts';
import { streamRoutes } from './api/stream.ts';
import { PlatformCore } from './core.ts';
import { PlatformError } from './errors.ts';
import { PLATFORM_DEFAULTS, type PlatformOptions } from './options.ts';
import { StreamHub } from './twins/stream-hub.ts';

export interface Platform {
  app: FastifyInstance;
  core: PlatformCore;
  /** http://host:port once listening. */
  url: string;
  close(): Promise<void>;
}

/** Builds the HTTP app around a core; `app.inject()` works without listening. */
export async function buildApp(core: PlatformCore, options: PlatformOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: core.log,
    bodyLimit: 1_048_576,
    // Request lines would drown the log at load-test rates; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();
  const hub = new StreamHub(
    core.store,
    options.streamFlushIntervalMs ?? PLATFORM_DEFAULTS.streamFlushIntervalMs,
  );

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof ShadowError)
      return reply.code(err.statusCode).send(err.toPayload(core.store.shadows.nowS()));
    if (err instanceof PlatformError)
      return reply.code(err.statusCode).send({ code: err.code, message: err.message });
    const e = err as { validation?: unknown; statusCode?: number; message: string; code?: string };
    if (e.validation)
      return reply
        .code(400)
        .send({ code: 'TB_ERR_PLATFORM_BAD_REQUEST', message: `Invalid request: ${e.message}` });
    if (e.statusCode && e.statusCode < 500)
      return reply
        .code(e.statusCode)
        .send({ code: e.code ?? 'TB_ERR_PLATFORM_BAD_REQUEST', message: e.message });
    core.log.error({ err }, 'request failed');
    return reply
      .code(500)
      .send({ code: 'TB_ERR_PLATFORM_INTERNAL', message: `Internal error: ${e.message}` });
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'twinbench platform',
        version: '0.1.0',
        description:
          'Digital twins of IoT devices: registry, AWS-compatible shadows, history, commands, live stream.',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(websocket);
  const ctx = { core, hub };
  await app.register(opsRoutes, ctx);
  await app.register(devicesRoutes, ctx);
  await app.register(shadowRoutes, ctx);
  await app.register(historyRoutes, ctx);
  await app.register(commandRoutes, ctx);
  await app.register(streamRoutes, ctx);
  app.addHook('onClose', async () => hub.close());
  return app as unknown as FastifyInstance;
}

/** Starts a whole platform: twins restored, broker connected, HTTP listening. */
export async function startPlatform(options: PlatformOptions, log: PlatformCore['log']): Promise<Platform> {
  const core = new PlatformCore(options, log);
  await core.start();
  const app = await buildApp(core, options);
  const url = await app.listen({
    host: options.http?.host ?? PLATFORM_DEFAULTS.host,
    port: options.http?.port ?? PLATFORM_DEFAULTS.port,
  });
  let closing: Promise<void> | undefined;
  return {
    app,
    core,
    url,
    close: () =>
      (closing ??= (async () => {
        await app.close();
        await core.stop();
      })()),
  };
}
