import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import pino from 'pino';
import { commandRoutes } from './api/commands.ts';
import { contractRoutes } from './api/contract.ts';
import { deviceTypeRoutes } from './api/device-types.ts';
import { loadConfiguredDeviceTypes } from './api/device-types-load.ts';
import { devicesRoutes } from './api/devices.ts';
import { durableReplies } from './api/durable-replies.ts';
import { errorHandler } from './api/error-handler.ts';
import { fleetHistoryRoutes } from './api/fleet-history.ts';
import { gatewayRoutes, gatewaysPlugin } from './gateways/index.ts';
import { historyRoutes } from './api/history.ts';
import { opsRoutes } from './api/ops.ts';
import { shadowRoutes } from './api/shadows.ts';
import { streamRoutes } from './api/stream.ts';
import { viewerRoutes } from './api/viewer.ts';
import { authPlugin } from './auth/auth-plugin.ts';
import { openApiSecurity, SECURITY_SCHEMES } from './auth/openapi.ts';
import { resolveOptions, type PlatformOptions } from './options.ts';
import { commandsPlugin } from './plugins/commands-plugin.ts';
import './plugins/decorators.ts';
import { historyPlugin } from './plugins/history-plugin.ts';
import { ingestPlugin } from './plugins/ingest-plugin.ts';
import { metricsPlugin } from './plugins/metrics-plugin.ts';
import { mqttPlugin } from './plugins/mqtt-plugin.ts';
import { shadowsPlugin } from './plugins/shadows-plugin.ts';
import { streamPlugin } from './plugins/stream-plugin.ts';
import { twinsPlugin } from './plugins/twins-plugin.ts';
import type { PlatformPorts } from './ports/ports.ts';
import { compileProfiles } from './profiles.ts';

export interface Platform {
  app: FastifyInstance;
  /** http://host:port once listening. */
  url: string;
  close(): Promise<void>;
}

/** Where the OpenAPI document says the AsyncAPI document (MQTT topics and the stream) is. */
const API_DESCRIPTION =
  'Digital twins of IoT devices: registry, AWS-compatible shadows, history, commands, live stream. ' +
  'The MQTT topics and the WebSocket stream are described by the AsyncAPI document at [/asyncapi.json](/asyncapi.json).';

/**
 * The whole platform as a Fastify app, assembled from plugins (docs/platform.md, "Plugins"). The
 * options are resolved once here. `ports` replaces the broker and the database (unit tests pass
 * `FakeMqttPort` and `FakeHistoryPort` and drive it with `app.inject()`); each missing port is the
 * real one (MQTT.js, InfluxDB). Resolves once every plugin is up: twins restored, broker connected.
 */
export async function buildApp(
  options: PlatformOptions,
  ports: PlatformPorts = {},
): Promise<FastifyInstance> {
  const settings = resolveOptions(options);
  // Before anything listens: a bad device-type file stops the start with file:line:col.
  loadConfiguredDeviceTypes(settings.deviceTypes);
  const profiles = compileProfiles(settings.profiles);
  const app = Fastify({
    // HTTPS from the stack's CA when asked (docs/security.md); the files are read once, at start.
    ...(settings.tls
      ? { https: { cert: readFileSync(settings.tls.certFile), key: readFileSync(settings.tls.keyFile) } }
      : {}),
    loggerInstance: options.logger ?? pino({ level: settings.logLevel }, pino.destination(2)),
    bodyLimit: 1_048_576,
    // Request lines would drown the log at load-test rates; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('settings', settings);
  app.decorate('profiles', profiles);
  app.setErrorHandler(errorHandler);

  await app.register(metricsPlugin);
  await app.register(authPlugin);
  await app.register(twinsPlugin);
  await app.register(historyPlugin, { port: ports.history });
  await app.register(durableReplies);
  await app.register(mqttPlugin, { port: ports.mqtt });
  await app.register(shadowsPlugin);
  await app.register(commandsPlugin);
  await app.register(streamPlugin);
  await app.register(gatewaysPlugin);
  await app.register(ingestPlugin);

  await app.register(swagger, {
    openapi: {
      info: { title: 'twinbench platform', version: '0.1.0', description: API_DESCRIPTION },
      externalDocs: { url: '/asyncapi.json', description: 'AsyncAPI 3 document: MQTT topics and the stream' },
      components: { securitySchemes: SECURITY_SCHEMES },
      security: [{ bearerAuth: [] }],
    },
    transform: openApiSecurity,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(websocket);
  await app.register(opsRoutes);
  await app.register(devicesRoutes);
  await app.register(deviceTypeRoutes);
  await app.register(shadowRoutes);
  await app.register(historyRoutes);
  await app.register(fleetHistoryRoutes);
  await app.register(commandRoutes);
  await app.register(gatewayRoutes);
  await app.register(streamRoutes);
  await app.register(contractRoutes);
  await app.register(viewerRoutes);
  try {
    await app.ready();
  } catch (err) {
    // Whatever came up (a database writer, a broker session) goes down again.
    await app.close().catch(() => undefined);
    throw err;
  }
  return app as unknown as FastifyInstance;
}

/** Starts a whole platform: twins restored, broker connected, HTTP listening. */
export async function startPlatform(options: PlatformOptions, ports: PlatformPorts = {}): Promise<Platform> {
  const app = await buildApp(options, ports);
  let url: string;
  try {
    url = await app.listen({ host: app.settings.host, port: app.settings.port });
  } catch (err) {
    await app.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return { app, url, close: () => (closing ??= app.close()) };
}
