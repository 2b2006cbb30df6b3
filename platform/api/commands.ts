import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  CommandBodySchema,
  CommandViewSchema,
  DeviceIdParamsSchema,
  ErrorBodySchema,
} from '../../twin/index.ts';
import { TooManyCommandsError } from '../commands/tracker.ts';
import { PlatformError } from '../errors.ts';

/** Commands: sent with QoS 1, tracked pending → delivered → succeeded | failed | timed_out. Uses `commands`, `twins`. */
export const commandRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { commands, twins } = app;

  app.post(
    '/devices/:id/commands',
    {
      config: { access: 'operator' },
      schema: {
        summary:
          'Send a command; a retry with the same id returns the tracked command (200) instead of sending again (202); 429 with Retry-After when the device has maxCommandsInFlight unfinished commands',
        params: DeviceIdParamsSchema,
        body: CommandBodySchema,
        response: {
          200: CommandViewSchema,
          202: CommandViewSchema,
          400: ErrorBodySchema,
          404: ErrorBodySchema,
          409: ErrorBodySchema,
          429: ErrorBodySchema,
        },
      },
    },
    async (req, reply) => {
      try {
        const { record, created } = commands.send(req.params.id, req.body);
        return reply.code(created ? 202 : 200).send(record);
      } catch (err) {
        // The device has maxCommandsInFlight unfinished commands: say when the oldest times out.
        if (err instanceof TooManyCommandsError) reply.header('retry-after', String(err.retryAfterS));
        throw err;
      }
    },
  );

  app.get(
    '/devices/:id/commands',
    {
      schema: {
        summary: "A device's recent commands",
        params: DeviceIdParamsSchema,
        response: { 200: Type.Array(CommandViewSchema), 404: ErrorBodySchema },
      },
    },
    async (req) => {
      twins.registry.require(req.params.id);
      return commands.tracker.list(req.params.id);
    },
  );

  app.get(
    '/commands/:commandId',
    {
      schema: {
        summary: 'One command and its status',
        params: Type.Object({ commandId: Type.String() }),
        response: { 200: CommandViewSchema, 404: ErrorBodySchema },
      },
    },
    async (req) => {
      const record = commands.tracker.get(req.params.commandId);
      if (!record)
        throw new PlatformError(
          'UNKNOWN_COMMAND',
          `No command ${req.params.commandId} is tracked (finished commands are kept for a while, then forgotten).`,
        );
      return record;
    },
  );
};
