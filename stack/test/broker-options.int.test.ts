import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { startStack } from '../index.ts';
import { mqttRoundTrip } from './stack-probe.ts';

describe('broker options', () => {
  it('rejects bad broker credentials and accepts good ones', async () => {
    await using stack = await startStack({
      mode: 'local',
      broker: { users: [{ username: 'qa', password: 's3cret' }], acl: ['user qa', 'topic readwrite #'] },
    });
    expect(await mqttRoundTrip(stack.info)).toBe('hello twin');
    const bad = { ...stack.info, mqtt: { ...stack.info.mqtt, password: 'wrong' } };
    await expect(mqttRoundTrip(bad)).rejects.toThrow(/Not authorized|Bad user name or password/i);
  });

  it('serves a TLS listener with the given certificate', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tb-tls-'));
    const cert = path.join(dir, 'server.crt');
    const key = path.join(dir, 'server.key');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    await using stack = await startStack({
      mode: 'local',
      broker: { tls: { certFile: cert, keyFile: key } },
    });
    expect(stack.info.mqttTlsUrl).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
    const client = await mqtt.connectAsync(stack.info.mqttTlsUrl as string, {
      ca: await readFile(cert),
      reconnectPeriod: 0,
    });
    expect(client.connected).toBe(true);
    await client.endAsync();
    await rm(dir, { recursive: true, force: true });
  });
});
