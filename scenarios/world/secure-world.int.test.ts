// A scenario suite on a stack with device auth and TLS (what `twinbench run --device-auth --tls` starts):
// the world registers its fleets' ids, each device logs in as itself and cannot publish as another, and
// the world's HTTPS and WSS clients trust the stack's CA.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMqtt, startSecureStack, until, type SecureStack } from '../../contracts/secure-stack.ts';
import type { StartedStack } from '../../stack/index.ts';
import type { FleetDoc } from '../format/schema/scenario.ts';
import { runSuite, type SuiteStack } from '../index.ts';
import { SimFleets } from './sim-fleets.ts';

const fixture = fileURLToPath(new URL('./fixtures/secure-fleet', import.meta.url));
let secure: SecureStack;
let stack: StartedStack;

// Device auth, TLS and denied publishes counted, from a CA folder of its own.
beforeAll(async () => {
  secure = await startSecureStack();
  stack = secure.stack;
});
afterAll(() => secure?.stop());

describe('a scenario world on a stack with device auth and TLS', () => {
  it('registers its devices, which reach their twins on a platform served over HTTPS', async () => {
    const registered: string[] = [];
    // The stack as the suite gets it, recording what the world registers.
    const suiteStack: SuiteStack = {
      info: stack.info,
      service: (n) => stack.service(n),
      addDevices: async (ids) => {
        registered.push(...ids);
        await stack.addDevices(ids);
      },
    };
    const r = await runSuite({ paths: [fixture], stack: suiteStack, reporters: [] });
    const s = r.scenarios[0];
    expect(s?.failures.map((f) => f.message)).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(registered).toHaveLength(3);
    expect(registered.filter((id) => /-(env-0[12]|brk-01)$/.test(id))).toHaveLength(3);
  });

  it('starts a fleet whose devices log in as themselves (no stack login to fall back on), each only as itself', async () => {
    const secret = stack.info.mqtt.deviceSecret as string;
    const { username, password } = stack.info.mqtt;
    const platform = await connectMqtt(stack.mqttUrl, { username, password });
    const seen = new Set<string>();
    platform.on('message', (topic) => seen.add(topic));
    await platform.subscribeAsync('tb/v1/+/telemetry', { qos: 1 });
    // Without the stack's own login: a device that did not log in as itself would be anonymous, refused.
    const info = {
      mqttUrl: stack.mqttUrl,
      mqtt: { host: stack.info.mqtt.host, port: stack.info.mqtt.port, deviceSecret: secret },
    };
    const fleets = new SimFleets(
      [{ name: 'f', groups: [{ type: 'env_sensor', count: 2, publishIntervalMs: 200 }] }] as FleetDoc[],
      info,
      'sw-',
      (ids) => stack.addDevices(ids),
    );
    try {
      await fleets.start('f');
      const [a, b] = fleets.deviceIds('f') as [string, string];
      expect([a, b]).toEqual(['sw-env-0001', 'sw-env-0002']);
      await until(() => seen.has(`tb/v1/${a}/telemetry`) && seen.has(`tb/v1/${b}/telemetry`), 10_000);

      // A's login publishes only as A: its publish under B's topic is dropped and counted.
      const client = await connectMqtt(stack.mqttUrl, { ...secure.login(a), clientId: `${a}-probe` });
      const denied = stack.brokerAudit().deniedPublishes;
      await client.publishAsync(`tb/v1/${b}/telemetry`, '{"fields":{"temperature":666}}', { qos: 1 });
      await until(() => stack.brokerAudit().deniedPublishes === denied + 1);
      expect(stack.brokerAudit().recentDenials).toContain(`${a}-probe → tb/v1/${b}/telemetry`);
      await client.endAsync();
    } finally {
      await fleets.stopAll();
      await platform.endAsync();
    }
  });

  it('refuses, saying why, a fleet whose devices could not log in as themselves (MAC ids)', async () => {
    const fleets = new SimFleets(
      [
        {
          name: 'mac',
          profile: 'devices-mac',
          groups: [{ type: 'env_sensor', count: 1, idPattern: '{mac}' }],
        },
      ] as unknown as FleetDoc[],
      stack.info,
      'sw2-',
      (ids) => stack.addDevices(ids),
    );
    await expect(fleets.start('mac')).rejects.toThrow(/fleet mac: device .* is named by its MAC/);
  });
});
