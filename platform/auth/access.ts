import type { ApiRole } from '../../runtime/index.ts';

/**
 * What a route needs, set in its `config.access`: a role, `public` (no token: the viewer's files, the
 * API documents) or `loopback` (no token from this machine, a viewer token from elsewhere: /health,
 * /metrics). A route that says nothing needs `viewer` for GET/HEAD and `admin` for anything else, so
 * a new route that forgets to say is closed rather than open.
 */
export type RouteAccess = ApiRole | 'public' | 'loopback';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export function routeAccess(method: string, declared: RouteAccess | undefined): RouteAccess {
  if (declared) return declared;
  return method === 'GET' || method === 'HEAD' ? 'viewer' : 'admin';
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/** The token of `Authorization: Bearer <token>`; undefined without one, '' when the header is malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : '';
}
