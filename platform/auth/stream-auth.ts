import type { WebSocket } from 'ws';
import type { AuthService } from './auth-plugin.ts';
import type { Identity } from './token-book.ts';

/**
 * Closes the stream (4401) once its token stops being valid (revoked: the token file was re-read
 * without it), so revoking a demo screen's token cuts its live view too. Returns how to stop watching.
 */
export function closeOnRevoke(socket: WebSocket, auth: AuthService, token: string): () => void {
  return auth.onTokensChanged(() => {
    if (!auth.identify(token))
      socket.close(
        STREAM_CLOSE.unauthorized,
        'this token was revoked; open the stream again with a valid one',
      );
  });
}

/** Close codes of a refused stream: the HTTP status in the 4xxx range WebSocket leaves to applications. */
export const STREAM_CLOSE = { unauthorized: 4401 } as const;

/**
 * A stream opened without an Authorization header (browsers cannot set one on a WebSocket) must send
 * `{"type":"auth","token":"…"}` as its first message within `auth.streamAuthTimeoutMs`; never in the
 * URL, where logs and proxies keep it. Resolves with the identity, or closes the socket with 4401 and
 * a reason saying what to do, and resolves undefined.
 */
export function awaitStreamAuth(
  socket: WebSocket,
  auth: AuthService,
): Promise<{ identity: Identity; token: string } | undefined> {
  return new Promise((resolve) => {
    const refuse = (why: string) => {
      clearTimeout(timer);
      // A close reason is at most 123 bytes.
      socket.close(STREAM_CLOSE.unauthorized, why.slice(0, 123));
      resolve(undefined);
    };
    const timer = setTimeout(
      () => refuse('no token: send {"type":"auth","token":"<token>"} first, or an Authorization header'),
      auth.streamAuthTimeoutMs,
    );
    socket.once('message', (data) => {
      let msg: { type?: unknown; token?: unknown } | undefined;
      try {
        msg = JSON.parse(String(data)) as typeof msg;
      } catch {
        msg = undefined;
      }
      if (msg?.type !== 'auth' || typeof msg.token !== 'string')
        return refuse('the first message must be {"type":"auth","token":"<token>"}');
      const identity = auth.identify(msg.token);
      if (!identity) return refuse('this token is not known to the platform (mistyped or revoked)');
      clearTimeout(timer);
      resolve({ identity, token: msg.token });
    });
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}
