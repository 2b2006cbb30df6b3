// A secure stack for tests, set up in one place: a CA folder of its own in the temp directory, a local
// stack with device credentials and TLS from it (what `twinbench run --device-auth --tls` starts), and
// the MQTT pieces such tests use (a device's login, an inbox, a wait). Used by
// stack/test/broker-security.int.test.ts and scenarios/world/secure-world.int.test.ts. It lives in
// contracts/ because that is where test-only code shared across parts may be imported from (lint).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { devicePassword } from '../runtime/index.ts';
import {
  ensurePki,
  startStack,
  waitUntil,
  type Pki,
  type StackSecurityOptions,
  type StartedStack,
} from '../stack/index.ts';

/** A device's broker login: client id and user name are its id, the password derives from the secret. */
export const deviceLogin = (secret: string, id: string) => ({
  clientId: id,
  username: id,
  password: devicePassword(secret, id),
});

/** An MQTT connection that does not reconnect and gives up after 5 s: a refusal rejects at once. */
export const connectMqtt = (url: string, o: IClientOptions = {}): Promise<MqttClient> =>
  mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5_000, ...o });

/** Messages a client receives from now on, to wait on. */
export function inbox(client: MqttClient): Array<{ topic: string; payload: string }> {
  const got: Array<{ topic: string; payload: string }> = [];
  client.on('message', (topic, p) => got.push({ topic, payload: p.toString() }));
  return got;
}

/** Waits until `check()` holds (tried every 20 ms); throws after `ms`. */
export async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const r = await waitUntil(async () => check(), { timeoutMs: ms, intervalMs: 20 });
  if (!r.ok) throw new Error(`timed out after ${ms} ms`);
}

/**
 * Connects once the broker lets the login in: a device registered on a running broker gets in when the
 * broker has reread its password file (SIGHUP), which it does when it handles the signal.
 */
export async function connectWhenLetIn(
  url: string,
  o: IClientOptions,
  timeoutMs = 5_000,
): Promise<MqttClient | undefined> {
  let client: MqttClient | undefined;
  await waitUntil(async () => Boolean((client = await connectMqtt(url, o).catch(() => undefined))), {
    timeoutMs,
    intervalMs: 50,
  });
  return client;
}

/** A CA folder of its own (CA, server certificate, device secret), removed on dispose. */
export async function tempPki(): Promise<Pki & AsyncDisposable> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tb-pki-'));
  const pki = await ensurePki(dir);
  return { ...pki, [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }) };
}

export interface SecureStackOptions {
  /**
   * The stack's security besides its CA folder. Default: device credentials, TLS, denied publishes
   * counted (`{ deviceAuth: true, tls: true, countDeniedPublishes: true }`).
   */
  security?: Omit<StackSecurityOptions, 'pkiDir'>;
  /** Runs on the CA folder before the stack starts: to issue a board the stack lets in from the start. */
  prepare?: (pki: Pki) => Promise<void>;
}

export interface SecureStack extends AsyncDisposable {
  stack: StartedStack;
  pki: Pki;
  /** Device `id`'s login from the CA folder's device secret. */
  login(id: string): { clientId: string; username: string; password: string };
  /** Stops the stack and removes its CA folder. */
  stop(): Promise<void>;
}

/** A local stack (mosquitto and influxd on the PATH) with device credentials and TLS from a fresh CA folder. */
export async function startSecureStack(o: SecureStackOptions = {}): Promise<SecureStack> {
  const pki = await tempPki();
  let stack: StartedStack;
  try {
    await o.prepare?.(pki);
    stack = await startStack({
      mode: 'local',
      security: {
        ...(o.security ?? { deviceAuth: true, tls: true, countDeniedPublishes: true }),
        pkiDir: pki.dir,
      },
    });
  } catch (err) {
    await pki[Symbol.asyncDispose]();
    throw err;
  }
  const stop = async () => {
    try {
      await stack.stop();
    } finally {
      await pki[Symbol.asyncDispose]();
    }
  };
  return {
    stack,
    pki,
    login: (id) => deviceLogin(pki.deviceSecret, id),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
