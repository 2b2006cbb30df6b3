import Type, { type Static } from 'typebox';
import { refText, selectorText } from '../../expect/condition.ts';
import { DeviceRef, JsonObject, Selector } from '../../format/schema/common.ts';
import { checkDevice, checkSelector, short } from '../refs.ts';
import type { ActionModule } from '../types.ts';

export const SetDesiredSchema = Type.Object(
  { device: Type.Optional(DeviceRef), devices: Type.Optional(Selector), state: JsonObject },
  { additionalProperties: false, description: 'PATCH /devices/:id/desired for one or more devices' },
);

export type SetDesiredSpec = Static<typeof SetDesiredSchema>;

/** `set_desired: { device | devices, state }`: PATCH /devices/:id/desired. */
export const setDesiredAction: ActionModule<SetDesiredSpec> = {
  key: 'set_desired',
  schema: SetDesiredSchema,
  label: (spec) =>
    `set desired ${short(spec.state)} on ${spec.device !== undefined ? refText(spec.device) : selectorText(spec.devices ?? {})}`,
  compile(spec, ctx) {
    if ((spec.device === undefined) === (spec.devices === undefined))
      ctx.badReference("set_desired needs either 'device' or 'devices'");
    checkDevice(spec.device, ctx, '/device');
    checkSelector(spec.devices, ctx, '/devices');
    return {
      async run(run) {
        const ids = spec.device !== undefined ? [run.device(spec.device)] : run.devices(spec.devices ?? {});
        for (const id of ids) await run.platform.setDesired(id, spec.state);
        return `desired ${JSON.stringify(spec.state)} on ${ids.length <= 3 ? ids.join(', ') : `${ids.length} devices`}`;
      },
    };
  },
};
