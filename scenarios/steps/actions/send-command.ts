import Type, { type Static } from 'typebox';
import { refText } from '../../expect/condition.ts';
import { DeviceRef, Duration, JsonObject, Name } from '../../format/schema/common.ts';
import { checkDevice, short } from '../refs.ts';
import type { ActionModule } from '../types.ts';

export const SendCommandSchema = Type.Object(
  {
    device: DeviceRef,
    name: Type.String(),
    params: Type.Optional(JsonObject),
    as: Type.Optional(Name),
    timeout: Type.Optional(Duration),
  },
  { additionalProperties: false, description: 'POST /devices/:id/commands' },
);

export type SendCommandSpec = Static<typeof SendCommandSchema>;

/** `send_command: { device, name, params?, as?, timeout? }`: POST /devices/:id/commands. */
export const sendCommandAction: ActionModule<SendCommandSpec> = {
  key: 'send_command',
  schema: SendCommandSchema,
  label: (spec) =>
    `send ${spec.name}${spec.params ? ` ${short(spec.params)}` : ''} to ${refText(spec.device)}`,
  compile(spec, ctx) {
    checkDevice(spec.device, ctx, '/device');
    if (spec.as !== undefined) ctx.define('command', spec.as, '/as');
    const timeoutMs = spec.timeout !== undefined ? ctx.durationMs(spec.timeout, '/timeout') : undefined;
    return {
      async run(run) {
        const id = run.device(spec.device);
        const sent = await run.platform.sendCommand(id, {
          name: spec.name,
          ...(spec.params ? { params: spec.params } : {}),
          ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        });
        if (spec.as) run.commands.set(spec.as, sent.id);
        return `command ${spec.name} to ${id}: ${sent.id} ${sent.status}`;
      },
    };
  },
};
