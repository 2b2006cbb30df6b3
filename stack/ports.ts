import net from 'node:net';
import { STACK_ERROR_CODES, StackError } from './errors.ts';

export const LOOPBACK = '127.0.0.1';

/** Asks the kernel for a free TCP port on loopback. */
export function freePort(host = LOOPBACK): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function isPortFree(port: number, host = LOOPBACK): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * Resolves the port a service should listen on: the requested one when it is free, otherwise (when
 * allowed) another free one. A taken port with `strict` fails with a message that names it.
 */
export async function pickPort(requested: number | undefined, what: string, strict = false): Promise<number> {
  if (requested === undefined || requested === 0) return freePort();
  if (await isPortFree(requested)) return requested;
  if (strict) {
    throw new StackError(
      STACK_ERROR_CODES.PORT_TAKEN,
      `Port ${requested} for ${what} is already taken on ${LOOPBACK}. Stop what holds it (ss -ltnp 'sport = :${requested}'), choose another port, or leave the port unset so twinbench picks a free one.`,
    );
  }
  return freePort();
}
