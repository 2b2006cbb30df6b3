import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { routeAccess, type RouteAccess } from './access.ts';

/** The OpenAPI security scheme: `Authorization: Bearer <token>` (twinbench token create). */
export const SECURITY_SCHEMES = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API token from `twinbench token create --role viewer|operator|admin`. Roles: viewer reads, operator also sets desired state and sends commands, admin also changes the registry (docs/security.md).',
  },
} as const;

const SAYS: Record<RouteAccess, string> = {
  public: 'No token needed.',
  loopback: 'No token needed from this machine (loopback); a viewer token from elsewhere.',
  viewer: 'Needs role: viewer (any token).',
  operator: 'Needs role: operator or admin.',
  admin: 'Needs role: admin.',
};

/**
 * The swagger `transform`: each operation says which role it needs (`x-twinbench-role` and a line in
 * its description), and open ones drop the document-wide bearer requirement.
 */
export const openApiSecurity: NonNullable<FastifyDynamicSwaggerOptions['transform']> = ({
  schema,
  url,
  route,
}) => {
  const method = Array.isArray(route.method) ? String(route.method[0]) : String(route.method);
  const access = routeAccess(method, (route.config as { access?: RouteAccess } | undefined)?.access);
  const s = { ...(schema as Record<string, unknown>) };
  s.description = [s.description, SAYS[access]].filter(Boolean).join('\n\n');
  s['x-twinbench-role'] = access;
  if (access === 'public' || access === 'loopback') s.security = [];
  return { schema: s as typeof schema, url };
};
