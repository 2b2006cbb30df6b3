import Type from 'typebox';

/** Shared JSON schemas of the REST API (they also make the OpenAPI document at /docs). */
export const ErrorBody = Type.Object(
  {
    code: Type.Union([Type.String(), Type.Integer()]),
    message: Type.String(),
    timestamp: Type.Optional(Type.Integer()),
    clientToken: Type.Optional(Type.String()),
  },
  { description: 'An error: a stable code and a message that says what was wrong and what to do' },
);

export const Location = Type.Object(
  {
    site: Type.Optional(Type.String()),
    building: Type.Optional(Type.String()),
    floor: Type.Optional(Type.String()),
    room: Type.Optional(Type.String()),
    x: Type.Optional(Type.Number()),
    y: Type.Optional(Type.Number()),
    z: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);

export const DeviceTypeName = Type.Union([
  Type.Literal('smart_breaker'),
  Type.Literal('env_sensor'),
  Type.Literal('camera'),
  Type.Literal('generic'),
]);

export const Device = Type.Object({
  id: Type.String(),
  type: DeviceTypeName,
  name: Type.String(),
  tags: Type.Record(Type.String(), Type.String()),
  location: Type.Optional(Location),
  profile: Type.String(),
  fwVersion: Type.Optional(Type.String()),
  registeredAt: Type.Integer(),
  registeredBy: Type.String(),
});

export const DeviceIdParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,128}$' }) });

export const ShadowQuery = Type.Object({
  name: Type.Optional(Type.String({ description: 'named shadow; absent = classic' })),
});

export const ShadowUpdateBody = Type.Object(
  {
    state: Type.Object({ desired: Type.Optional(Type.Any()), reported: Type.Optional(Type.Any()) }),
    version: Type.Optional(Type.Integer()),
    clientToken: Type.Optional(Type.String()),
  },
  { description: 'An AWS IoT Device Shadow update request' },
);

export const AnyObject = Type.Record(Type.String(), Type.Any());

export const CommandBody = Type.Object({
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

export const Command = Type.Object({
  id: Type.String(),
  deviceId: Type.String(),
  name: Type.String(),
  params: AnyObject,
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('delivered'),
    Type.Literal('succeeded'),
    Type.Literal('failed'),
    Type.Literal('timed_out'),
  ]),
  createdAt: Type.Integer(),
  deliveredAt: Type.Optional(Type.Integer()),
  completedAt: Type.Optional(Type.Integer()),
  latencyMs: Type.Optional(Type.Number()),
  result: Type.Optional(Type.Any()),
  error: Type.Optional(Type.String()),
  timeoutMs: Type.Integer(),
});

export const HistoryQuery = Type.Object({
  kind: Type.Optional(
    Type.Union(
      [
        Type.Literal('telemetry'),
        Type.Literal('liveness'),
        Type.Literal('shadow'),
        Type.Literal('events'),
        Type.Literal('commands'),
      ],
      { default: 'telemetry' },
    ),
  ),
  from: Type.Optional(Type.String({ description: 'epoch ms, ISO time, or relative like -1h (default -1h)' })),
  to: Type.Optional(Type.String({ description: 'epoch ms, ISO time, or relative (default now)' })),
  fields: Type.Optional(Type.String({ description: 'comma-separated telemetry fields (default: all)' })),
  every: Type.Optional(
    Type.String({ pattern: '^[0-9]+(ms|s|m|h|d)$', description: 'downsample into buckets, e.g. 10s' }),
  ),
  agg: Type.Optional(
    Type.String({
      description: 'with every: comma-separated mean,min,max,last,count (default mean,min,max)',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 10_000 })),
});

/** Documents whose shape is defined elsewhere (AWS shadow payloads, twin views, history answers). */
export const Document = (description: string) => Type.Record(Type.String(), Type.Any(), { description });
