/** Wire types of the platform's command API. */
import { Type, type Static } from 'typebox';
import { CommandLifecycleStatusSchema } from '../commands/lifecycle.ts';

const AnyObject = Type.Record(Type.String(), Type.Any());

/** POST /devices/:id/commands body. */
export const CommandBodySchema = Type.Object({
  id: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'your id; a retry with the same id is not sent twice',
    }),
  ),
  name: Type.String(),
  params: Type.Optional(AnyObject),
  timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 3_600_000 })),
});
export type CommandBody = Static<typeof CommandBodySchema>;

/** A tracked command, as the API answers it and the stream sends it. */
export const CommandViewSchema = Type.Object({
  id: Type.String(),
  deviceId: Type.String(),
  name: Type.String(),
  params: AnyObject,
  status: CommandLifecycleStatusSchema,
  createdAt: Type.Integer({ description: 'Epoch ms' }),
  deliveredAt: Type.Optional(Type.Integer()),
  completedAt: Type.Optional(Type.Integer()),
  latencyMs: Type.Optional(Type.Number({ description: 'createdAt → final status, ms' })),
  result: Type.Optional(Type.Any()),
  error: Type.Optional(Type.String()),
  timeoutMs: Type.Integer(),
});
export type CommandView = Static<typeof CommandViewSchema>;
