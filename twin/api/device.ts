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

/** Most entries one page of GET /devices may hold (`limit`), and the page size when none is asked. */
export const DEVICE_PAGE_MAX = 10_000;
export const DEVICE_PAGE_DEFAULT = 1_000;

/**
 * Exact-match filters of GET /devices: query parameter → where its value is in the device record.
 * Adding a filter is one line here (the platform's list and the OpenAPI document follow).
 */
export const DEVICE_MATCH_FILTERS = Object.freeze({
  type: ['type'],
  profile: ['profile'],
  site: ['location', 'site'],
  building: ['location', 'building'],
  floor: ['location', 'floor'],
  room: ['location', 'room'],
  gateway: ['gateway'],
} as const satisfies Record<string, readonly [string] | readonly [string, string]>);
export type DeviceMatchFilter = keyof typeof DEVICE_MATCH_FILTERS;

/** What `fields=` may name: the device record's fields and the entry's own (`online`, `lastSeen`). */
export const DEVICE_LIST_FIELDS = Object.freeze([
  ...(Object.keys(DeviceSchema.properties) as (keyof DeviceRecord)[]),
  'online',
  'lastSeen',
] as const);

/** One entry of GET /devices: everything unless `fields` chose (then `device.id` and what was named). */
export const DeviceListItemSchema = Type.Object(
  {
    device: Type.Intersect([Type.Partial(DeviceSchema), Type.Object({ id: Type.String() })]),
    online: Type.Optional(Type.Boolean()),
    lastSeen: Type.Optional(Type.Integer()),
  },
  { description: 'A device and its liveness; with `fields`, only `device.id` and the fields named' },
);
export type DeviceListItem = Static<typeof DeviceListItemSchema>;

/** GET /devices: one page, in registration order; `next` is there when more may follow. */
export const DevicePageSchema = Type.Object({
  devices: Type.Array(DeviceListItemSchema),
  next: Type.Optional(
    Type.String({ description: 'Opaque cursor of the next page: pass it as `cursor` with the same filters' }),
  ),
});
export type DevicePage = Static<typeof DevicePageSchema>;

const matchFilters = Object.fromEntries(
  Object.entries(DEVICE_MATCH_FILTERS).map(([k, path]) => [
    k,
    Type.Optional(Type.String({ minLength: 1, description: `exact ${path.join('.')}` })),
  ]),
) as Record<DeviceMatchFilter, ReturnType<typeof Type.Optional<ReturnType<typeof Type.String>>>>;

/** GET /devices query: paging, filters (all must hold) and field selection. */
export const DeviceListQuerySchema = Type.Object({
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: DEVICE_PAGE_MAX,
      description: `entries per page (default ${DEVICE_PAGE_DEFAULT}, at most ${DEVICE_PAGE_MAX})`,
    }),
  ),
  cursor: Type.Optional(Type.String({ minLength: 1, description: '`next` of the previous page' })),
  ...matchFilters,
  tag: Type.Optional(Type.String({ description: 'key:value or key' })),
  online: Type.Optional(Type.Boolean()),
  idPrefix: Type.Optional(Type.String({ minLength: 1, description: 'ids that start with this' })),
  fields: Type.Optional(
    Type.String({
      description: `comma-separated: ${DEVICE_LIST_FIELDS.join(', ')} (default all; device.id is always there)`,
    }),
  ),
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
