import { isIP } from 'node:net';

/**
 * Whether a browser page from `origin` may use the stream, the viewer and (CORS) the API. No Origin
 * header (curl, Node, the CLI) is not a browser page and is not checked here: the token is. Allowed:
 * the configured origins, and the platform's own origin — the Origin naming the same host:port the
 * request was sent to — when that host is an IP address or `localhost`. A DNS name is accepted only
 * when configured, so a page whose name was rebound to this machine's address (DNS rebinding) is
 * refused.
 */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  const o = origin.toLowerCase();
  if (allowed.includes(o)) return true;
  if (!host) return false;
  let url: URL;
  try {
    url = new URL(o);
  } catch {
    return false;
  }
  if (url.host !== host.toLowerCase()) return false;
  const name = url.hostname.replace(/^\[|\]$/g, '');
  return name === 'localhost' || isIP(name) !== 0;
}
