/** GET /devices/:id/metadata: what payload mappings kept aside as device metadata (docs/byo-firmware.md). */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { DeviceIdParamsSchema, ErrorBodySchema } from '../../twin/index.ts';
import type { Registry } from '../registry/registry.ts';
import type { DeviceMetadata } from './device-metadata.ts';

const MetadataSchema = Type.Object({
  deviceId: Type.String(),
  metadata: Type.Record(
    Type.String(),
    Type.Object({
      value: Type.Union([Type.Number(), Type.Boolean(), Type.String()]),
      ts: Type.Integer({ description: 'When it was last reported, epoch ms' }),
    }),
    { description: 'Latest value of each key a payload mapping keeps as metadata (status, free heap …)' },
  ),
});

export function registerMetadataRoute(
  app: FastifyInstance,
  registry: Registry,
  metadata: DeviceMetadata,
): void {
  app.get<{ Params: { id: string } }>(
    '/devices/:id/metadata',
    {
      schema: {
        summary: "A device's metadata kept by its topic profile's payload mapping",
        params: DeviceIdParamsSchema,
        response: { 200: MetadataSchema, 404: ErrorBodySchema },
      },
    },
    async (req) => {
      const device = registry.require(req.params.id);
      return { deviceId: device.id, metadata: metadata.get(device.id) };
    },
  );
}
