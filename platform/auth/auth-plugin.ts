import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { roleAllows } from '../../runtime/index.ts';
import { PlatformError } from '../errors.ts';
import { bearerToken, isLoopbackAddress, routeAccess } from './access.ts';
import { originAllowed } from './origins.ts';
import { TokenBook, type Identity } from './token-book.ts';

/** What the routes see of auth (`app.auth`). */
export interface AuthService {
  readonly mode: 'off' | 'tokens';
  /** The identity of a token, or undefined (always undefined with auth off). */
  identify(token: string): Identity | undefined;
  /** How long a stream without an Authorization header waits for its auth message. */
  readonly streamAuthTimeoutMs: number;
  /** Calls `listener` whenever the token file was re-read (a token may be gone); returns how to stop. */
  onTokensChanged(listener: () => void): () => void;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Whose token this request carries (tb-auth); undefined without a valid one or with auth off. */
    identity: Identity | undefined;
  }
}

/** URL prefixes open without a token. */
export const PUBLIC_PREFIXES = ['/viewer', '/docs'] as const;

const HOW_TO_GET_A_TOKEN =
  'Create one with `twinbench token create --role viewer|operator|admin` (the token is printed once) and send `Authorization: Bearer <token>`.';

/**
 * An upgrade request the platform answers with a plain response (a refusal) instead of a WebSocket: say
 * the connection closes, and close it once the answer is written. Node's HTTP server no longer tracks an
 * upgrade's socket, so nothing else ends it: left to the client, it stayed open and held the platform's
 * shutdown until its 15 s kill.
 */
function closeIfRefused(req: FastifyRequest, reply: FastifyReply): void {
  if (!req.headers.upgrade) return;
  reply.header('connection', 'close');
  reply.raw.once('finish', () => req.raw.socket.end());
}

/** A WebSocket upgrade to /stream may bring its token in its first message instead of a header. */
function isStreamUpgrade(req: FastifyRequest): boolean {
  return req.routeOptions.url === '/stream' && req.headers.upgrade?.toLowerCase() === 'websocket';
}

/**
 * Decorates `auth` and guards every route (docs/security.md): origins, then the rate limit (per token,
 * else per address), then the token and the role the route's `config.access` asks for. Everything
 * runs in one onRequest hook, in that order, so requests refused for their token are counted against
 * their address (a brute-force guard) and a route needs no hook of its own. With `auth: 'off'` only the
 * origin check and CORS stay, and the start log says loudly that anyone may do anything.
 */
export const authPlugin = fp(
  async (app) => {
    const settings = app.settings.auth;
    const host = app.settings.host;
    if (settings.mode === 'off') {
      const loopback = host === 'localhost' || isLoopbackAddress(host);
      if (!loopback && !settings.explicit)
        throw new PlatformError(
          'BAD_CONFIG',
          `The platform would listen on ${host} with no API tokens: give auth.tokenFile (twinbench token create writes it), listen on 127.0.0.1, or say auth: 'off' to run open on purpose (docs/security.md).`,
        );
      app.log.warn(
        `AUTH IS OFF: anyone who reaches ${host}:${app.settings.port || '<port>'} may read every twin, change desired state, send commands and change the registry. Use it only on a machine of your own (docs/security.md).`,
      );
      app.decorate<AuthService>('auth', {
        mode: 'off',
        identify: () => undefined,
        streamAuthTimeoutMs: 0,
        onTokensChanged: () => () => undefined,
      });
    }
    // Routes that plugins register without a way to pass route config: the viewer's files (it takes
    // its token from the URL fragment, which is never sent here) and the OpenAPI pages.
    app.addHook('onRoute', (route) => {
      if (PUBLIC_PREFIXES.some((p) => route.url === p || route.url.startsWith(`${p}/`)))
        route.config = { ...route.config, access: 'public' };
    });
    const origins = settings.mode === 'tokens' ? settings.origins : [];
    const allowedOrigin = (req: FastifyRequest) =>
      originAllowed(req.headers.origin, req.headers.host, origins);

    // CORS first: it answers an allowed page's preflight (which carries no token) itself.
    await app.register(cors, {
      delegator: (req, cb) =>
        cb(null, {
          origin: allowedOrigin(req as FastifyRequest),
          allowedHeaders: ['authorization', 'content-type'],
          methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
          maxAge: 600,
        }),
    });
    app.decorateRequest('identity', undefined);

    if (settings.mode === 'off') {
      app.addHook('onRequest', async (req, reply) => {
        closeIfRefused(req, reply);
        if (!allowedOrigin(req)) throw originRefused(req);
      });
      return;
    }

    const book = await TokenBook.open(settings.tokenFile, app.log);
    app.addHook('onClose', async () => book.close());
    app.decorate<AuthService>('auth', {
      mode: 'tokens',
      identify: (token) => book.identify(token),
      streamAuthTimeoutMs: settings.streamAuthTimeoutMs,
      onTokensChanged: (listener) => book.onReload(listener),
    });
    app.log.info({ tokenFile: settings.tokenFile, tokens: book.size }, 'API tokens required');

    await app.register(rateLimit, { global: false });
    const { perTokenPerMinute, perAddressPerMinute } = settings;
    const limit = app.rateLimit({
      timeWindow: 60_000,
      keyGenerator: (req) => (req.identity ? `token:${req.identity.name}` : `address:${req.ip}`),
      max: (_req, key) => (key.startsWith('token:') ? perTokenPerMinute : perAddressPerMinute),
      // 0 = no limit.
      allowList: (req) => (req.identity ? perTokenPerMinute === 0 : perAddressPerMinute === 0),
      errorResponseBuilder: (req, ctx) =>
        new PlatformError(
          'RATE_LIMITED',
          `Too many requests ${req.identity ? `with token ${req.identity.name}` : `from ${req.ip} without a valid token`}: at most ${ctx.max} a minute. Retry in ${ctx.after} (Retry-After header); ask an admin to raise auth.rateLimit if this is normal use.`,
        ),
    }) as unknown as (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

    app.addHook('onRequest', async (req, reply) => {
      closeIfRefused(req, reply);
      if (!allowedOrigin(req)) throw originRefused(req);
      const access =
        req.method === 'OPTIONS' ? 'public' : routeAccess(req.method, req.routeOptions.config.access);
      if (access === 'public') return;
      if (access === 'loopback' && isLoopbackAddress(req.socket.remoteAddress)) return;
      const token = bearerToken(req.headers.authorization);
      if (token) req.identity = book.identify(token);
      await limit(req, reply);
      if (token === undefined) {
        if (isStreamUpgrade(req)) return; // the stream asks for an auth message (api/stream.ts)
        throw new PlatformError(
          'UNAUTHORIZED',
          `${req.method} ${req.routeOptions.url ?? req.url} needs an API token. ${HOW_TO_GET_A_TOKEN}`,
        );
      }
      if (!req.identity)
        throw new PlatformError(
          'UNAUTHORIZED',
          token === ''
            ? `The Authorization header is not 'Bearer <token>'. ${HOW_TO_GET_A_TOKEN}`
            : `This token is not known to the platform (mistyped, or revoked: \`twinbench token list\` shows the tokens there are). ${HOW_TO_GET_A_TOKEN}`,
        );
      const needs = access === 'loopback' ? 'viewer' : access;
      if (!roleAllows(req.identity.role, needs))
        throw new PlatformError(
          'FORBIDDEN',
          `${req.method} ${req.routeOptions.url ?? req.url} needs the ${needs} role; token ${req.identity.name} is a ${req.identity.role}. Use a token with that role (twinbench token create --role ${needs}).`,
        );
    });
  },
  { name: 'tb-auth', decorators: { fastify: ['settings'] } },
);

function originRefused(req: FastifyRequest): PlatformError {
  return new PlatformError(
    'ORIGIN_REFUSED',
    `Pages from ${req.headers.origin} may not use this platform. Add the origin to auth.origins in the platform config (docs/security.md), or open the viewer the platform serves itself.`,
  );
}
