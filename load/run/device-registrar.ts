/**
 * The runner's end of device auth (load/engine/device-logins.ts): a loopback HTTP endpoint where the
 * engine's processes register the ids of devices about to connect. It hands them to the stack
 * (`register`, a StartedStack's addDevices) and answers once the broker takes the last one's login
 * (Mosquitto rereads its password file when it handles SIGHUP, a moment after it is sent). Only ids of
 * this run (`<idPrefix>-…`) are taken; a registered id is useless without the device secret.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import mqtt from 'mqtt';
import { devicePassword } from '../../runtime/index.ts';

export interface DeviceRegistrarOptions {
  /** Ids must start with `<idPrefix>-`. */
  idPrefix: string;
  /** The devices' broker, to check that a new login works before answering. */
  mqttUrl: string;
  /** The device secret (the stack's `info.mqtt.deviceSecret`). */
  secret: string;
  /** Gives the broker these ids' logins (a StartedStack's addDevices). */
  register(ids: readonly string[]): Promise<void>;
  /** How long a new login may take to work. Default 10 000 ms. */
  loginReadyTimeoutMs?: number;
}

export interface DeviceRegistrar {
  /** http://127.0.0.1:PORT/ for the engine (env TWINBENCH_LOAD_REGISTER). */
  readonly url: string;
  /** Ids registered so far. */
  readonly registered: number;
  close(): Promise<void>;
}

const MAX_IDS = 10_000;
const MAX_BODY = 1_000_000;

export async function startDeviceRegistrar(o: DeviceRegistrarOptions): Promise<DeviceRegistrar> {
  let registered = 0;
  const server = createServer((req, res) => {
    const answer = (status: number, text = '') =>
      res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
    if (req.method !== 'POST') return answer(405, 'POST { "ids": [...] }');
    readBody(req)
      .then(async (body) => {
        const ids = (JSON.parse(body) as { ids?: unknown }).ids;
        if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_IDS)
          return answer(400, `ids: give 1..${MAX_IDS} device ids`);
        const foreign = ids.find((id) => typeof id !== 'string' || !id.startsWith(`${o.idPrefix}-`));
        if (foreign !== undefined)
          return answer(
            403,
            `${JSON.stringify(foreign)} is not a device of this run (ids start with ${o.idPrefix}-)`,
          );
        await o.register(ids as string[]);
        await loginWorks(o, ids.at(-1) as string);
        registered += ids.length;
        return answer(204);
      })
      .catch((err: unknown) => answer(500, (err as Error).message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    get registered() {
      return registered;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (d: Buffer) => {
      body += d.toString();
      if (body.length > MAX_BODY) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** Tries to log in as `id` until the broker takes it. */
async function loginWorks(o: DeviceRegistrarOptions, id: string): Promise<void> {
  const deadline = Date.now() + (o.loginReadyTimeoutMs ?? 10_000);
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const c = await mqtt.connectAsync(o.mqttUrl, {
        username: id,
        password: devicePassword(o.secret, id),
        clientId: `tb-load-probe-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
        reconnectPeriod: 0,
        connectTimeout: 2_000,
      });
      await c.endAsync();
      return;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(
    `the broker did not take ${id}'s login in time (${(last as Error | undefined)?.message ?? 'no answer'})`,
  );
}
