import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { DeviceIdParamsSchema, ErrorBodySchema } from '../../twin/index.ts';
import { AnyObject, Document, ShadowQuery, ShadowUpdateBody } from './schemas.ts';

/**
 * The shadow service over REST: the same documents and errors as on the MQTT topics, and the same
 * desired-state check against the device type (in the shadow book both paths share). Uses `twins`, `shadows`.
 */
export const shadowRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { twins, shadows } = app;
  type Doc = Record<string, unknown>;

  app.get(
    '/devices/:id/shadow',
    {
      schema: {
        summary: 'Get a shadow (as /get/accepted)',
        params: DeviceIdParamsSchema,
        querystring: ShadowQuery,
        response: { 200: Document('/get/accepted'), 404: ErrorBodySchema },
      },
    },
    async (req) => twins.shadows.get(req.params.id, req.query.name) as unknown as Doc,
  );

  app.post(
    '/devices/:id/shadow',
    {
      config: { access: 'operator' },
      schema: {
        summary:
          'Update a shadow (as /update): desired state is checked against the device type; the device gets the delta',
        params: DeviceIdParamsSchema,
        querystring: ShadowQuery,
        body: ShadowUpdateBody,
        response: {
          200: Document('/update/accepted'),
          400: ErrorBodySchema,
          404: ErrorBodySchema,
          409: ErrorBodySchema,
          413: ErrorBodySchema,
        },
      },
    },
    async (req) => {
      twins.registry.require(req.params.id);
      return shadows.update(req.params.id, req.query.name, req.body).accepted as unknown as Doc;
    },
  );

  app.patch(
    '/devices/:id/desired',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Merge desired state (null deletes a key): shorthand for POST /shadow {state:{desired}}',
        params: DeviceIdParamsSchema,
        querystring: ShadowQuery,
        body: AnyObject,
        response: { 200: Document('/update/accepted'), 400: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req) => {
      twins.registry.require(req.params.id);
      return shadows.update(req.params.id, req.query.name, { state: { desired: req.body } })
        .accepted as unknown as Doc;
    },
  );

  app.delete(
    '/devices/:id/shadow',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Delete a shadow (as /delete)',
        params: DeviceIdParamsSchema,
        querystring: ShadowQuery,
        response: {
          200: Type.Object({ version: Type.Integer(), timestamp: Type.Integer() }),
          404: ErrorBodySchema,
        },
      },
    },
    async (req) => shadows.delete(req.params.id, req.query.name),
  );
};
