import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { ErrorBodySchema } from '../../twin/index.ts';
import { PlatformError } from '../errors.ts';

/** twin's AsyncAPI document (MQTT topics, the AWS shadow API, each profile, the stream); `npm run contract` writes it. */
export const ASYNCAPI_FILE = fileURLToPath(new URL('../../twin/json/asyncapi.json', import.meta.url));

/**
 * GET /asyncapi.json: the AsyncAPI 3 document, beside the OpenAPI one. Read at start; while it does not
 * exist yet, every request looks again (so running `npm run contract` needs no restart).
 */
export const contractRoutes: FastifyPluginAsync<{ file?: string }> = async (app, opts) => {
  const file = opts.file ?? ASYNCAPI_FILE;
  const load = async () => readFile(file, 'utf8').catch(() => undefined);
  let text = await load();
  app.get(
    '/asyncapi.json',
    {
      config: { access: 'public' },
      schema: {
        summary: 'The AsyncAPI 3 document of the MQTT topics and the WebSocket stream',
        response: { 200: Type.Any(), 404: ErrorBodySchema },
      },
    },
    async (_req, reply) => {
      text ??= await load();
      if (text === undefined)
        throw new PlatformError(
          'NOT_BUILT',
          `The AsyncAPI document ${file} does not exist yet: run npm run contract (it is generated from twin/), then ask again.`,
        );
      return reply.type('application/json; charset=utf-8').send(text);
    },
  );
};
