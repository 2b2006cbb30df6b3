import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DeviceTypeListSchema,
  DeviceTypeParamsSchema,
  DeviceTypeViewSchema,
  ErrorBodySchema,
  deviceTypeView,
  knownDeviceTypes,
  requireKnownDeviceType,
} from '../../twin/index.ts';

/** The device types the platform validates against: built in, and loaded from device-type files. */
export const deviceTypeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/device-types',
    {
      schema: {
        summary: 'List device types (built in and loaded from device-type files)',
        response: { 200: DeviceTypeListSchema },
      },
    },
    async () => knownDeviceTypes().map((name) => deviceTypeView(name)!),
  );

  app.get(
    '/device-types/:name',
    {
      schema: {
        summary: 'A device type: telemetry fields, desired properties, commands',
        params: DeviceTypeParamsSchema,
        response: { 200: DeviceTypeViewSchema, 404: ErrorBodySchema },
      },
    },
    async (req) => {
      requireKnownDeviceType(req.params.name, { notFound: true });
      return deviceTypeView(req.params.name)!;
    },
  );
};
