/** What the platform's `GET /device-types` answers: every type it knows, built in or loaded from a file. */
import { Type, type Static } from 'typebox';
import { DEVICE_TYPE_NAME_PATTERN } from './device-type.ts';

const FieldViewSchema = Type.Object({
  kind: Type.Enum(['number', 'integer', 'boolean', 'string']),
  description: Type.String(),
  unit: Type.Optional(Type.String()),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  enum: Type.Optional(Type.Array(Type.String())),
});

const FieldsViewSchema = Type.Record(Type.String(), FieldViewSchema);

export const DeviceTypeViewSchema = Type.Object(
  {
    name: Type.String(),
    builtin: Type.Boolean({
      description: 'hand-modelled in twinbench (false: loaded from a device-type file)',
    }),
    description: Type.String(),
    short: Type.String({ description: 'prefix of default device ids' }),
    source: Type.Optional(Type.String({ description: 'the device-type file it was loaded from' })),
    telemetry: FieldsViewSchema,
    desired: FieldsViewSchema,
    commands: Type.Record(
      Type.String(),
      Type.Object({ description: Type.String(), params: FieldsViewSchema }),
    ),
  },
  { description: 'A device type: its telemetry fields, desired properties and commands' },
);
export type DeviceTypeView = Static<typeof DeviceTypeViewSchema>;

export const DeviceTypeListSchema = Type.Array(DeviceTypeViewSchema);

export const DeviceTypeParamsSchema = Type.Object({
  name: Type.String({ pattern: DEVICE_TYPE_NAME_PATTERN }),
});
