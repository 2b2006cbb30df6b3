// Per-device credentials, the device ACL, TLS and mutual TLS against a real Mosquitto (local mode).
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import type { IClientOptions } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectMqtt as connect,
  connectWhenLetIn,
  deviceLogin,
  inbox,
  startSecureStack,
  tempPki,
  until,
} from '../../contracts/secure-stack.ts';
import { newDeviceSecret } from '../../runtime/index.ts';
import {
  engineAvailable,
  issueDevice,
  startPlatformProcess,
  startStack,
  type Pki,
  type StartedStack,
} from '../index.ts';

describe('per-device broker credentials and ACL', () => {
  const secret = newDeviceSecret();
  let stack: StartedStack;
  const dev = (id: string, o: IClientOptions = {}) =>
    connect(stack.mqttUrl, { ...deviceLogin(secret, id), ...o });

  beforeAll(async () => {
    stack = await startStack({
      mode: 'local',
      broker: { deviceAuth: { secret, deviceIds: ['dev-a', 'dev-b'], countDeniedPublishes: true } },
    });
  });
  afterAll(() => stack?.stop());

  it('refuses anonymous clients and counts the refusal', async () => {
    const before = stack.brokerAudit().refusedConnections;
    await expect(connect(stack.mqttUrl, { clientId: 'anon' })).rejects.toThrow(/Not authorized/i);
    await until(() => stack.brokerAudit().refusedConnections === before + 1);
  });

  it("refuses B's user name with A's password", async () => {
    const before = stack.brokerAudit().refusedConnections;
    await expect(
      connect(stack.mqttUrl, { ...deviceLogin(secret, 'dev-a'), clientId: 'dev-b', username: 'dev-b' }),
    ).rejects.toThrow(/Not authorized|Bad user name or password/i);
    await until(() => stack.brokerAudit().refusedConnections === before + 1);
  });

  it('lets A publish and read only its own topics, counts the denied publish, and delivers A’s own traffic', async () => {
    const { username, password } = stack.info.mqtt;
    const platform = await connect(stack.mqttUrl, { clientId: 'test-platform', username, password });
    const seen = inbox(platform);
    await platform.subscribeAsync(['tb/v1/#', '$aws/things/+/shadow/update'], { qos: 1 });
    const a = await dev('dev-a');
    const b = await dev('dev-b');
    const aSeen = inbox(a);
    // A subscribes to B's commands: Mosquitto grants the filter but checks read rights at delivery.
    await a.subscribeAsync(['tb/v1/dev-b/#', '$aws/things/dev-b/shadow/#', 'tb/v1/dev-a/commands'], {
      qos: 1,
    });
    const denied = stack.brokerAudit().deniedPublishes;
    await a.publishAsync('tb/v1/dev-b/telemetry', '{"fields":{"t":666}}', { qos: 1 });
    await a.publishAsync('$aws/things/dev-b/shadow/update', '{"state":{"reported":{"on":false}}}', {
      qos: 1,
    });
    await a.publishAsync('tb/v1/dev-a/telemetry', '{"fields":{"t":21}}', { qos: 1 });
    await a.publishAsync('$aws/things/dev-a/shadow/update', '{"state":{"reported":{"on":true}}}', { qos: 1 });
    await b.publishAsync('tb/v1/dev-b/commands/response', '{"id":"1"}', { qos: 1 });
    await platform.publishAsync('tb/v1/dev-b/commands', '{"id":"2"}', { qos: 1 });
    await platform.publishAsync('tb/v1/dev-a/commands', '{"id":"3"}', { qos: 1 });
    await until(() => seen.length >= 5 && aSeen.length >= 1);
    await until(() => stack.brokerAudit().deniedPublishes === denied + 2);
    await new Promise((r) => setTimeout(r, 200)); // anything wrongly delivered would have arrived by now
    // The platform's view: A's own telemetry and shadow, B's response, both commands; nothing A forged.
    expect(seen.map((m) => m.topic).sort()).toEqual([
      '$aws/things/dev-a/shadow/update',
      'tb/v1/dev-a/commands',
      'tb/v1/dev-a/telemetry',
      'tb/v1/dev-b/commands',
      'tb/v1/dev-b/commands/response',
    ]);
    expect(aSeen.map((m) => m.topic)).toEqual(['tb/v1/dev-a/commands']);
    expect(stack.brokerAudit().recentDenials).toContain('dev-a → tb/v1/dev-b/telemetry');
    await Promise.all([a.endAsync(), b.endAsync(), platform.endAsync()]);
  });

  it("lets a gateway speak for children under its own id only, and read its children's commands", async () => {
    const { username, password } = stack.info.mqtt;
    const platform = await connect(stack.mqttUrl, { clientId: 'test-platform-gw', username, password });
    const seen = inbox(platform);
    await platform.subscribeAsync('tb/v1/+/children/#', { qos: 1 });
    const a = await dev('dev-a');
    const aSeen = inbox(a);
    await a.subscribeAsync('tb/v1/dev-a/children/commands', { qos: 1 });
    const denied = stack.brokerAudit().deniedPublishes;
    await a.publishAsync('tb/v1/dev-b/children/telemetry', '{"readings":[]}', { qos: 1 }); // forged
    await a.publishAsync('tb/v1/dev-a/children/connect', '{"device":"leaf-1","type":"env_sensor"}', {
      qos: 1,
    });
    await platform.publishAsync('tb/v1/dev-a/children/commands', '{"device":"leaf-1","id":"c"}', { qos: 1 });
    await until(() => aSeen.length >= 1 && stack.brokerAudit().deniedPublishes === denied + 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.map((m) => m.topic).sort()).toEqual([
      'tb/v1/dev-a/children/commands',
      'tb/v1/dev-a/children/connect',
    ]);
    expect(aSeen.map((m) => m.topic)).toEqual(['tb/v1/dev-a/children/commands']);
    await Promise.all([a.endAsync(), platform.endAsync()]);
  });

  it('gives a device added to the running broker its password (SIGHUP, no restart)', async () => {
    await expect(dev('dev-c')).rejects.toThrow(/Not authorized|Bad user name or password/i);
    await stack.addDevices(['dev-c']);
    const client = await connectWhenLetIn(stack.mqttUrl, deviceLogin(secret, 'dev-c'));
    expect(client?.connected).toBe(true);
    await client?.endAsync();
  });
});

describe('TLS from the stack’s CA', () => {
  let pki: Pki & AsyncDisposable;
  beforeAll(async () => {
    pki = await tempPki();
  });
  afterAll(() => pki?.[Symbol.asyncDispose]());

  it('serves TLS with a server certificate from the CA (clients trust ca.crt only)', async () => {
    await using stack = await startStack({
      mode: 'local',
      broker: { tls: { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile, caFile: pki.caFile } },
    });
    const client = await connect(stack.info.mqttTlsUrl as string, { ca: await readFile(pki.caFile) });
    expect(client.connected).toBe(true);
    await client.endAsync();
  });

  it('the platform serves HTTPS from the same CA', async () => {
    await using stack = await startStack({ mode: 'local' });
    await using platform = await startPlatformProcess(stack.info, {
      config: {
        logLevel: 'warn',
        http: { tls: { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile } },
      },
    });
    expect(platform.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = await readFile(pki.caFile);
    const status = await new Promise<number>((resolve, reject) => {
      https
        .get(`${platform.url}/health`, { ca }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });
    expect(status).toBe(200);
    // Without the CA the certificate is not trusted.
    await expect(
      new Promise((resolve, reject) => https.get(`${platform.url}/health`, resolve).on('error', reject)),
    ).rejects.toThrow(/self.signed|unable to (get|verify)/i);
  });

  it('mutual TLS: a device certificate is its identity; one from another CA is refused and counted', async () => {
    const a = await issueDevice(pki, 'dev-a');
    await using stack = await startStack({
      mode: 'local',
      broker: {
        tls: {
          certFile: pki.serverCertFile,
          keyFile: pki.serverKeyFile,
          caFile: pki.caFile,
          requireClientCert: true,
        },
        deviceAuth: { secret: pki.deviceSecret, deviceIds: ['dev-b'], countDeniedPublishes: true },
      },
    });
    const url = stack.info.mqttTlsUrl as string;
    const ca = await readFile(pki.caFile);
    const { username, password } = stack.info.mqtt;
    const platform = await connect(stack.mqttUrl, { clientId: 'test-platform', username, password });
    const seen = inbox(platform);
    await platform.subscribeAsync('tb/v1/#', { qos: 1 });
    const devB = await connect(stack.mqttUrl, deviceLogin(pki.deviceSecret, 'dev-b'));
    let devBClosed = false;
    devB.on('close', () => (devBClosed = true));
    // Another device's client id on the TLS listener: replaced by the board's own (no takeover).
    const board = await connect(url, {
      clientId: 'dev-b',
      ca,
      cert: await readFile(a.certFile),
      key: await readFile(a.keyFile),
    });
    await board.publishAsync('tb/v1/dev-b/telemetry', '{"fields":{"t":666}}', { qos: 1 });
    await board.publishAsync('tb/v1/dev-a/telemetry', '{"fields":{"t":21}}', { qos: 1 });
    await until(() => seen.length >= 1 && stack.brokerAudit().deniedPublishes >= 1);
    expect(seen.map((m) => m.topic)).toEqual(['tb/v1/dev-a/telemetry']);
    expect(stack.brokerAudit().takeovers).toBe(0);
    expect(devBClosed).toBe(false);
    await devB.endAsync();
    await board.endAsync();
    await platform.endAsync();

    // No certificate, and one from another CA (same CN): both refused in the handshake.
    const other = path.join(pki.dir, 'other');
    execFileSync('mkdir', ['-p', other]);
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'];
    execFileSync('openssl', ['req', '-x509', ...ec, '-subj', '/CN=evil', '-addext', 'basicConstraints=critical,CA:TRUE', '-keyout', `${other}/ca.key`, '-out', `${other}/ca.crt`], { stdio: 'ignore' }); // prettier-ignore
    execFileSync('openssl', ['req', '-x509', '-CA', `${other}/ca.crt`, '-CAkey', `${other}/ca.key`, ...ec, '-subj', '/CN=dev-a', '-keyout', `${other}/a.key`, '-out', `${other}/a.crt`], { stdio: 'ignore' }); // prettier-ignore
    const before = stack.brokerAudit().refusedTls;
    await expect(connect(url, { clientId: 'dev-a', ca })).rejects.toThrow();
    await expect(
      connect(url, {
        clientId: 'dev-a',
        ca,
        cert: await readFile(`${other}/a.crt`),
        key: await readFile(`${other}/a.key`),
      }),
    ).rejects.toThrow();
    await until(() => stack.brokerAudit().refusedTls === before + 2);
  });
});

describe('a password file for 10,000 devices', () => {
  it('is written fast and accepted by the real Mosquitto', async () => {
    const secret = newDeviceSecret();
    const ids = Array.from({ length: 10_000 }, (_, i) => `env-${String(i).padStart(5, '0')}`);
    const t0 = performance.now();
    await using stack = await startStack({
      mode: 'local',
      broker: { deviceAuth: { secret, deviceIds: ids } },
    });
    const startMs = performance.now() - t0;
    for (const id of ['env-00000', 'env-09999']) {
      const c = await connect(stack.mqttUrl, deviceLogin(secret, id));
      expect(c.connected).toBe(true);
      await c.endAsync();
    }
    console.log(
      `stack with 10,000 device users (passwd written, mosquitto + influxd up) in ${startMs.toFixed(0)} ms`,
    );
  });
});

describe('security options (what --device-auth, --tls, --mtls and --listen set)', () => {
  it('take everything from the CA folder: device passwords from its secret, its registered boards, TLS from its certificate', async () => {
    let board = { id: '', username: '', password: '' };
    await using secure = await startSecureStack({
      security: { deviceAuth: true, tls: true, deviceIds: ['sim-1'] },
      prepare: async (pki) => {
        board = await issueDevice(pki, 'lab-board-1');
      },
    });
    const { stack, pki } = secure;
    expect(stack.info.tls?.caFile).toBe(pki.caFile);
    expect(stack.info.mqtt.deviceSecret).toBe(pki.deviceSecret);
    // The board registered with `pki issue` logs in over TLS with the printed password.
    const c = await connect(stack.info.mqttTlsUrl as string, {
      clientId: board.id,
      username: board.username,
      password: board.password,
      ca: await readFile(pki.caFile),
    });
    await c.endAsync();
    const sim = await connect(stack.mqttUrl, secure.login('sim-1'));
    await sim.endAsync();
  });

  it('let in a board registered while the stack runs (twinbench pki issue), without a restart', async () => {
    await using secure = await startSecureStack({ security: { deviceAuth: true } });
    const board = await issueDevice(secure.pki, 'late-board');
    const login = { clientId: board.id, username: board.username, password: board.password };
    const client = await connectWhenLetIn(secure.stack.mqttUrl, login, 10_000);
    expect(client?.connected).toBe(true);
    await client?.endAsync();
  });

  it('refuse to open the broker to a network without device credentials (nothing is bound)', async () => {
    await expect(startStack({ mode: 'local', security: { listen: '0.0.0.0' } })).rejects.toThrow(
      /anonymous access/,
    );
  });
});

describe('device auth in containers mode', async () => {
  const here = await engineAvailable();
  it.runIf(here || process.env.CI)(
    'refuses anonymous clients, lets devices in, adds one to the running container',
    async () => {
      const secret = newDeviceSecret();
      await using stack = await startStack({
        mode: 'containers',
        containers: { network: 'host' },
        broker: { deviceAuth: { secret, deviceIds: ['ct-a'] } },
      });
      const login = (id: string) => deviceLogin(secret, id);
      await expect(connect(stack.mqttUrl, { clientId: 'anon' })).rejects.toThrow(/Not authorized/i);
      await until(() => stack.brokerAudit().refusedConnections === 1);
      await (await connect(stack.mqttUrl, login('ct-a'))).endAsync();
      await stack.addDevices(['ct-b']);
      const client = await connectWhenLetIn(stack.mqttUrl, login('ct-b'));
      expect(client?.connected).toBe(true);
      await client?.endAsync();
    },
    120_000,
  );
});
