/** Wire types of the platform's REST API about devices (the registry): TypeBox schemas and their types. */
import { Type, type Static } from 'typebox';
import { RegistryDeviceTypeSchema } from '../devices/device-type.ts';
import { LocationSchema } from '../devices/location.ts';

/** What a device id may be in a URL: one MQTT topic level, a file name and an InfluxDB tag unescaped. */
export const DEVICE_ID_PATTERN = '^[A-Za-z0-9_.:-]{1,128}$';

/** An error answer: a stable code and a message that says what was wrong and what to do. */
export const ErrorBodySchema = Type.Object(
  {
    code: Type.Union([Type.String(), Type.Integer()]),
    message: Type.String(),
    timestamp: Type.Optional(Type.Integer()),
    clientToken: Type.Optional(Type.String()),
  },
  { description: 'An error: a stable code and a message that says what was wrong and what to do' },
);
export type ErrorBody = Static<typeof ErrorBodySchema>;

export const REGISTERED_BY = Object.freeze(['api', 'first_contact', 'restore'] as const);

/** A registered device. `type` is 'generic' for things known only through their shadow. */
export const DeviceSchema = Type.Object({
  id: Type.String(),
  type: RegistryDeviceTypeSchema,
  name: Type.String(),
  tags: Type.Record(Type.String(), Type.String()),
  location: Type.Optional(LocationSchema),
  profile: Type.String({ description: 'Topic profile the device speaks (commands go out on it)' }),
  fwVersion: Type.Optional(Type.String()),
  gateway: Type.Optional(
    Type.String({
      description:
        'The gateway a child device is behind (the newest one it connected through); absent for a device with its own connection',
    }),
  ),
  registeredAt: Type.Integer({ description: 'Epoch ms' }),
  registeredBy: Type.Enum([...REGISTERED_BY]),
});
export type DeviceRecord = Static<typeof DeviceSchema>;

/** One entry of GET /devices. */
export const DeviceSummarySchema = Type.Object({
  device: DeviceSchema,
  online: Type.Boolean(),
  lastSeen: Type.Optional(Type.Integer()),
});
export type DeviceSummary = Static<typeof DeviceSummarySchema>;

/** GET /devices. */
export const DeviceListSchema = Type.Array(DeviceSummarySchema);
export type DeviceList = Static<typeof DeviceListSchema>;

/** GET /devices query. */
export const DeviceListQuerySchema = Type.Object({
  type: Type.Optional(Type.String()),
  tag: Type.Optional(Type.String({ description: 'key:value or key' })),
  online: Type.Optional(Type.Boolean()),
});
export type DeviceListQuery = Static<typeof DeviceListQuerySchema>;

/** POST /devices body. */
export const RegisterDeviceBodySchema = Type.Object(
  {
    id: Type.String({ pattern: DEVICE_ID_PATTERN }),
    type: RegistryDeviceTypeSchema,
    name: Type.Optional(Type.String()),
    tags: Type.Optional(Type.Record(Type.String(), Type.String())),
    location: Type.Optional(LocationSchema),
    profile: Type.Optional(Type.String({ description: 'topic profile (default twinbench)' })),
  },
  { additionalProperties: false },
);
export type RegisterDeviceBody = Static<typeof RegisterDeviceBodySchema>;

/** PATCH /devices/:id body. */
export const PatchDeviceBodySchema = Type.Object(
  {
    name: Type.Optional(Type.String()),
    type: Type.Optional(RegistryDeviceTypeSchema),
    tags: Type.Optional(Type.Record(Type.String(), Type.String())),
    location: Type.Optional(LocationSchema),
  },
  { additionalProperties: false },
);
export type PatchDeviceBody = Static<typeof PatchDeviceBodySchema>;

export const DeviceIdParamsSchema = Type.Object({ id: Type.String({ pattern: DEVICE_ID_PATTERN }) });
