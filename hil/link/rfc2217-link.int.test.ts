// The RFC 2217 client against servers that misbehave the ways real setups do: nothing listening, a
// raw TCP port (ser2net with a `raw` accepter), a server that refuses COM-PORT-OPTION, and one that
// negotiates but never acknowledges. Each must fail fast with a message that says what to fix.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HIL_ERROR_CODES } from '../errors.ts';
import { freePort } from '../test-support/processes.ts';
import { Rfc2217Link, parseRfc2217Url } from './rfc2217-link.ts';
import { DO, DONT, IAC, OPTION_COM_PORT, WILL } from './telnet-codec.ts';

const servers: Server[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A TCP server whose connections get `onData(socket, chunk)`. */
async function serve(onData: (socket: Socket, chunk: Buffer) => void): Promise<number> {
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (c) => onData(socket, c));
    socket.on('error', () => {});
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

const link = (port: number) =>
  new Rfc2217Link({
    host: '127.0.0.1',
    port,
    negotiationTimeoutMs: 500,
    ackTimeoutMs: 500,
    connectTimeoutMs: 2000,
  });

describe('Rfc2217Link against misbehaving servers', () => {
  it('parses pyserial-style URLs', () => {
    expect(parseRfc2217Url('rfc2217://[::1]:4000?ign_set_control&logging=debug')).toEqual({
      host: '::1',
      port: 4000,
      ignoreSetControlAck: true,
    });
    expect(() => parseRfc2217Url('rfc2217://host')).toThrow(/write rfc2217:\/\/host:port/);
  });

  it('says when nothing listens', async () => {
    const l = link(await freePort());
    await expect(l.open({ baudRate: 115200 })).rejects.toMatchObject({
      code: HIL_ERROR_CODES.LINK_OPEN,
      message: expect.stringMatching(/ECONNREFUSED.*is the RFC 2217 server .* running there/),
    });
  });

  it('gives up on a raw TCP port (no telnet) and names the ser2net accepter', async () => {
    const l = link(await serve(() => {}));
    await expect(l.open({ baudRate: 115200 })).rejects.toMatchObject({
      code: HIL_ERROR_CODES.RFC2217,
      message: expect.stringMatching(
        /did not accept the RFC 2217 COM-PORT-OPTION within 500 ms.*telnet\(rfc2217\)/,
      ),
    });
    await expect(l.closed).resolves.toBeUndefined();
  });

  it('fails at once when the server refuses COM-PORT-OPTION', async () => {
    const l = link(
      await serve((socket, chunk) => {
        if (chunk.includes(Buffer.from([IAC, WILL, OPTION_COM_PORT])))
          socket.write(Buffer.from([IAC, DONT, OPTION_COM_PORT]));
      }),
    );
    await expect(l.open({ baudRate: 115200 })).rejects.toMatchObject({
      code: HIL_ERROR_CODES.RFC2217,
      message: expect.stringMatching(/refused the RFC 2217 COM-PORT-OPTION/),
    });
  });

  it('fails when a command is never acknowledged, naming it', async () => {
    const l = link(
      await serve((socket, chunk) => {
        if (chunk.includes(Buffer.from([IAC, WILL, OPTION_COM_PORT])))
          socket.write(Buffer.from([IAC, DO, OPTION_COM_PORT]));
        // …and never answers a sub-negotiation
      }),
    );
    await expect(l.open({ baudRate: 115200 })).rejects.toMatchObject({
      code: HIL_ERROR_CODES.RFC2217,
      message: expect.stringMatching(/did not acknowledge 'baud 115200' within 500 ms/),
    });
  });
});
