import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { isDeviceType } from '../../twin/index.ts';
import type { ApiContext } from './context.ts';
import { Device, DeviceIdParams, Document, DeviceTypeName, ErrorBody, Location } from './schemas.ts';

/** The registry: list, register, read a whole twin, change a device's description. */
export const devicesRoutes: FastifyPluginAsyncTypebox<ApiContext> = async (app, { core }) => {
  const { store } = core;

  app.get(
    '/devices',
    {
      schema: {
        summary: 'List devices',
        querystring: Type.Object({
          type: Type.Optional(Type.String()),
          tag: Type.Optional(Type.String({ description: 'key:value or key' })),
          online: Type.Optional(Type.Boolean()),
        }),
        response: {
          200: Type.Array(
            Type.Object({ device: Device, online: Type.Boolean(), lastSeen: Type.Optional(Type.Integer()) }),
          ),
        },
      },
    },
    async (req) => {
      const { type, tag, online } = req.query;
      return store.registry
        .list({ ...(type ? { type } : {}), ...(tag ? { tag } : {}) })
        .map((device) => {
          const live = store.liveness.get(device.id);
          return { device, online: live?.online ?? false, ...(live ? { lastSeen: live.lastSeen } : {}) };
        })
        .filter((d) => online === undefined || d.online === online);
    },
  );

  app.post(
    '/devices',
    {
      schema: {
        summary: 'Register a device',
        body: Type.Object(
          {
            id: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,128}$' }),
            type: DeviceTypeName,
            name: Type.Optional(Type.String()),
            tags: Type.Optional(Type.Record(Type.String(), Type.String())),
            location: Type.Optional(Location),
            profile: Type.Optional(Type.String({ description: 'topic profile (default twinbench)' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Device, 400: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const profile = b.profile ?? 'twinbench';
      if (!core.profiles.some((p) => p.name === profile)) {
        return reply.code(400).send({
          code: 'TB_ERR_PLATFORM_BAD_REQUEST',
          message: `Unknown topic profile '${profile}'; configured: ${core.profiles.map((p) => p.name).join(', ')}.`,
        });
      }
      const device = store.registry.add({
        id: b.id,
        type: b.type,
        name: b.name ?? b.id,
        tags: b.tags ?? {},
        ...(b.location ? { location: b.location } : {}),
        profile,
        registeredAt: store.now(),
        registeredBy: 'api',
      });
      return reply.code(201).send(device);
    },
  );

  app.get(
    '/devices/:id',
    {
      schema: {
        summary: 'The whole twin: device, liveness, latest telemetry, shadow',
        params: DeviceIdParams,
        response: { 200: Document('the twin view'), 404: ErrorBody },
      },
    },
    async (req) => store.view(req.params.id) as unknown as Record<string, unknown>,
  );

  app.patch(
    '/devices/:id',
    {
      schema: {
        summary: "Change a device's name, type, tags or location",
        params: DeviceIdParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String()),
            type: Type.Optional(DeviceTypeName),
            tags: Type.Optional(Type.Record(Type.String(), Type.String())),
            location: Type.Optional(Location),
          },
          { additionalProperties: false },
        ),
        response: { 200: Device, 404: ErrorBody },
      },
    },
    async (req) => {
      const { type, ...rest } = req.body;
      return store.registry.update(req.params.id, {
        ...rest,
        ...(type && (isDeviceType(type) || type === 'generic') ? { type } : {}),
      });
    },
  );
};
