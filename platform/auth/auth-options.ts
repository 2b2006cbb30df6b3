import Type, { type Static } from 'typebox';

/**
 * `auth` in the platform config: `'off'`, or the token file and what goes with it. Absent means off
 * on loopback; the platform refuses to listen beyond loopback without tokens unless `'off'` is said
 * explicitly (docs/security.md).
 */
export const AuthConfigSchema = Type.Union([
  Type.Literal('off', { description: 'no tokens: anyone who reaches the port may do anything' }),
  Type.Object(
    {
      tokenFile: Type.String({
        description: 'JSON file of token digests (twinbench token create writes it); re-read when it changes',
      }),
      origins: Type.Optional(
        Type.Array(Type.String(), {
          description:
            'origins (scheme://host:port) whose pages may use the stream and the API (CORS); the platform’s own address is always allowed',
        }),
      ),
      rateLimit: Type.Optional(
        Type.Object(
          {
            perTokenPerMinute: Type.Optional(
              Type.Integer({
                minimum: 0,
                description: 'requests per token per minute; 0 = no limit; default 60 000',
              }),
            ),
            perAddressPerMinute: Type.Optional(
              Type.Integer({
                minimum: 0,
                description:
                  'requests without a valid token per client address per minute; 0 = no limit; default 300',
              }),
            ),
          },
          { additionalProperties: false },
        ),
      ),
      streamAuthTimeoutMs: Type.Optional(
        Type.Integer({
          minimum: 100,
          description:
            'how long a stream without an Authorization header has for its auth message; default 5 000',
        }),
      ),
    },
    { additionalProperties: false },
  ),
]);

export type AuthConfig = Static<typeof AuthConfigSchema>;

export const AUTH_DEFAULTS = {
  perTokenPerMinute: 60_000,
  perAddressPerMinute: 300,
  streamAuthTimeoutMs: 5_000,
} as const;

export type ResolvedAuth =
  | { mode: 'off'; explicit: boolean }
  | {
      mode: 'tokens';
      tokenFile: string;
      origins: string[];
      perTokenPerMinute: number;
      perAddressPerMinute: number;
      streamAuthTimeoutMs: number;
    };

export function resolveAuth(a: AuthConfig | undefined): ResolvedAuth {
  if (a === undefined) return { mode: 'off', explicit: false };
  if (a === 'off') return { mode: 'off', explicit: true };
  const d = AUTH_DEFAULTS;
  return {
    mode: 'tokens',
    tokenFile: a.tokenFile,
    // Compared as the browser sends them: scheme://host[:port], no path, no trailing slash.
    origins: (a.origins ?? []).map((o) => o.replace(/\/+$/, '').toLowerCase()),
    perTokenPerMinute: a.rateLimit?.perTokenPerMinute ?? d.perTokenPerMinute,
    perAddressPerMinute: a.rateLimit?.perAddressPerMinute ?? d.perAddressPerMinute,
    streamAuthTimeoutMs: a.streamAuthTimeoutMs ?? d.streamAuthTimeoutMs,
  };
}
