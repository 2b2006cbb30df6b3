import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { validateDesired } from '../../twin/index.ts';
import { PlatformError } from '../errors.ts';
import type { ApiContext } from './context.ts';
import { AnyObject, DeviceIdParams, Document, ErrorBody, ShadowQuery, ShadowUpdateBody } from './schemas.ts';

/** The shadow service over REST: the same documents and errors as on the MQTT topics. */
export const shadowRoutes: FastifyPluginAsyncTypebox<ApiContext> = async (app, { core }) => {
  const { store } = core;

  const checkDesired = (id: string, desired: unknown) => {
    const device = store.registry.require(id);
    if (desired === undefined || desired === null || device.type === 'generic') return;
    const checked = validateDesired(device.type, desired);
    if (!checked.ok) throw new PlatformError('INVALID_DESIRED', checked.errors.join('; '));
  };

  app.get(
    '/devices/:id/shadow',
    {
      schema: {
        summary: 'Get a shadow (as /get/accepted)',
        params: DeviceIdParams,
        querystring: ShadowQuery,
        response: { 200: Document('/get/accepted'), 404: ErrorBody },
      },
    },
    async (req) => store.shadows.get(req.params.id, req.query.name) as unknown as Record<string, unknown>,
  );

  app.post(
    '/devices/:id/shadow',
    {
      schema: {
        summary:
          'Update a shadow (as /update): desired state is checked against the device type; the device gets the delta',
        params: DeviceIdParams,
        querystring: ShadowQuery,
        body: ShadowUpdateBody,
        response: {
          200: Document('/update/accepted'),
          400: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          413: ErrorBody,
        },
      },
    },
    async (req) => {
      checkDesired(req.params.id, req.body.state.desired);
      return core.shadows.update(req.params.id, req.query.name, req.body).accepted as unknown as Record<
        string,
        unknown
      >;
    },
  );

  app.patch(
    '/devices/:id/desired',
    {
      schema: {
        summary: 'Merge desired state (null deletes a key): shorthand for POST /shadow {state:{desired}}',
        params: DeviceIdParams,
        querystring: ShadowQuery,
        body: AnyObject,
        response: { 200: Document('/update/accepted'), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      checkDesired(req.params.id, req.body);
      return core.shadows.update(req.params.id, req.query.name, { state: { desired: req.body } })
        .accepted as unknown as Record<string, unknown>;
    },
  );

  app.delete(
    '/devices/:id/shadow',
    {
      schema: {
        summary: 'Delete a shadow (as /delete)',
        params: DeviceIdParams,
        querystring: ShadowQuery,
        response: {
          200: Type.Object({ version: Type.Integer(), timestamp: Type.Integer() }),
          404: ErrorBody,
        },
      },
    },
    async (req) => core.shadows.delete(req.params.id, req.query.name),
  );
};
