import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { PlatformError } from '../errors.ts';
import type { ApiContext } from './context.ts';
import { Command, CommandBody, DeviceIdParams, ErrorBody } from './schemas.ts';

/** Commands: sent with QoS 1, tracked pending → delivered → succeeded | failed | timed_out. */
export const commandRoutes: FastifyPluginAsyncTypebox<ApiContext> = async (app, { core }) => {
  app.post(
    '/devices/:id/commands',
    {
      schema: {
        summary:
          'Send a command; a retry with the same id returns the tracked command (200) instead of sending again (202)',
        params: DeviceIdParams,
        body: CommandBody,
        response: { 200: Command, 202: Command, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const { record, created } = core.sendCommand(req.params.id, req.body);
      return reply.code(created ? 202 : 200).send(record);
    },
  );

  app.get(
    '/devices/:id/commands',
    {
      schema: {
        summary: "A device's recent commands",
        params: DeviceIdParams,
        response: { 200: Type.Array(Command), 404: ErrorBody },
      },
    },
    async (req) => {
      core.store.registry.require(req.params.id);
      return core.store.commands.list(req.params.id);
    },
  );

  app.get(
    '/commands/:commandId',
    {
      schema: {
        summary: 'One command and its status',
        params: Type.Object({ commandId: Type.String() }),
        response: { 200: Command, 404: ErrorBody },
      },
    },
    async (req) => {
      const record = core.store.commands.get(req.params.commandId);
      if (!record)
        throw new PlatformError(
          'UNKNOWN_COMMAND',
          `No command ${req.params.commandId} is tracked (finished commands are kept for a while, then forgotten).`,
        );
      return record;
    },
  );
};
