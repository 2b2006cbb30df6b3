import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DeviceIdParamsSchema,
  DeviceListQuerySchema,
  DevicePageSchema,
  DeviceSchema,
  ErrorBodySchema,
  PatchDeviceBodySchema,
  RegisterDeviceBodySchema,
  TwinViewSchema,
  requireKnownDeviceType,
} from '../../twin/index.ts';
import { PlatformError } from '../errors.ts';
import { compileDeviceQuery, pageDevices } from '../registry/device-query.ts';

/** The registry: list, register, read a whole twin, change a device's description. Uses `twins`, `profiles`. */
export const devicesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { twins, profiles } = app;

  app.get(
    '/devices',
    {
      schema: {
        summary:
          'List devices: a page (default 1,000) in registration order, filtered and with chosen fields; follow `next` for more',
        querystring: DeviceListQuerySchema,
        response: { 200: DevicePageSchema, 400: ErrorBodySchema },
      },
    },
    async (req) => pageDevices(twins.registry, (id) => twins.liveness.get(id), compileDeviceQuery(req.query)),
  );

  app.post(
    '/devices',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Register a device',
        body: RegisterDeviceBodySchema,
        response: { 201: DeviceSchema, 400: ErrorBodySchema, 409: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const profile = b.profile ?? 'twinbench';
      if (!profiles.some((p) => p.name === profile)) {
        throw new PlatformError(
          'BAD_REQUEST',
          `Unknown topic profile '${profile}'; configured: ${profiles.map((p) => p.name).join(', ')}.`,
        );
      }
      requireKnownDeviceType(b.type, { allowGeneric: true });
      const device = twins.registry.add({
        id: b.id,
        type: b.type,
        name: b.name ?? b.id,
        tags: b.tags ?? {},
        ...(b.location ? { location: b.location } : {}),
        profile,
        registeredAt: twins.now(),
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
        params: DeviceIdParamsSchema,
        response: { 200: TwinViewSchema, 404: ErrorBodySchema },
      },
    },
    async (req) => twins.view(req.params.id),
  );

  app.patch(
    '/devices/:id',
    {
      config: { access: 'admin' },
      schema: {
        summary: "Change a device's name, type, tags or location",
        params: DeviceIdParamsSchema,
        body: PatchDeviceBodySchema,
        response: { 200: DeviceSchema, 404: ErrorBodySchema },
      },
    },
    async (req) => {
      const { type, ...rest } = req.body;
      if (type) requireKnownDeviceType(type, { allowGeneric: true });
      return twins.registry.update(req.params.id, { ...rest, ...(type ? { type } : {}) });
    },
  );
};
