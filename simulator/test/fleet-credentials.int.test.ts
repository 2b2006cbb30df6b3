// A fleet logging in with per-device credentials on a broker with device auth and the device ACL, and the
// platform with its own identity: every device connects, publishes as itself and becomes a twin.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDeviceSecret } from '../../runtime/index.ts';
import {
  startPlatformProcess,
  startStack,
  type StartedPlatform,
  type StartedStack,
} from '../../stack/index.ts';
import { buildIdentities, startFleet, type FleetSpec } from '../index.ts';
import { eventually } from './platform.ts';

const spec: FleetSpec = {
  name: 'int-creds',
  seed: 16,
  keepaliveSeconds: 5,
  groups: [
    { type: 'smart_breaker', count: 3 },
    { type: 'env_sensor', count: 3, publishIntervalMs: 1_000 },
  ],
};
const ids = buildIdentities(spec).map((d) => d.id);
const secret = newDeviceSecret();
let stack: StartedStack;
let platform: StartedPlatform;

beforeAll(async () => {
  stack = await startStack({ mode: 'local', broker: { deviceAuth: { secret, deviceIds: ids } } });
  platform = await startPlatformProcess(stack.info, { config: { logLevel: 'warn' } });
});
afterAll(async () => {
  await platform?.stop();
  await stack?.stop();
});

describe('a fleet with per-device credentials', () => {
  it('connects every device as itself; the platform, logged in as itself, makes twins of them', async () => {
    expect(stack.info.mqtt.username).toBe('twinbench-platform');
    const seen = new Set<string>();
    const watcher = await mqtt.connectAsync(stack.mqttUrl, {
      username: stack.info.mqtt.username,
      password: stack.info.mqtt.password,
      reconnectPeriod: 0,
    });
    watcher.on('message', (topic) => seen.add(topic.split('/')[2] as string));
    await watcher.subscribeAsync('tb/v1/+/telemetry');
    const fleet = await startFleet(spec, { mqttUrl: stack.mqttUrl, deviceSecret: secret });
    try {
      expect(fleet.stats()).toMatchObject({ devices: 6, connected: 6, errors: 0 });
      await eventually(() => expect([...seen].sort()).toEqual([...ids].sort()));
      const token = (platform as { token?: string }).token;
      await eventually(async () => {
        const res = await fetch(`${platform.url}/devices/${ids[0]}`, {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
        expect(res.status).toBe(200);
        expect(((await res.json()) as { online: boolean }).online).toBe(true);
      });
      expect(stack.brokerAudit().refusedConnections).toBe(0);
    } finally {
      await fleet.stop();
      await watcher.endAsync();
    }
  });

  it('without credentials no device gets in, and the refusals are counted', async () => {
    const before = stack.brokerAudit().refusedConnections;
    await expect(
      startFleet({ ...spec, groups: [{ type: 'env_sensor', count: 2 }] }, { mqttUrl: stack.mqttUrl }),
    ).rejects.toThrow(/bad user name or password|not authori[sz]ed/i);
    await eventually(() => expect(stack.brokerAudit().refusedConnections).toBeGreaterThanOrEqual(before + 2));
  });
});
