// The host node logs in with its own broker credentials on a stack with device auth (the device ACL on):
// with the derived password its telemetry reaches the platform's identity; without it, the broker refuses.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devicePassword, newDeviceSecret } from '../../runtime/index.ts';
import { startStack, type StartedStack } from '../../stack/index.ts';
import { buildHostNode, startHostNode } from '../index.ts';

let binary = '';
let stack: StartedStack;
const secret = newDeviceSecret();

beforeAll(async () => {
  binary = (await buildHostNode()).binary; // incremental: quick when test-host.sh or CI built it already
  stack = await startStack({ mode: 'local', broker: { deviceAuth: { secret, deviceIds: ['fw-env-1'] } } });
}, 600_000);
afterAll(() => stack?.stop());

describe('twinbench-node with per-device credentials', () => {
  it('publishes as itself with its derived password; without one it is refused', async () => {
    const watcher = await mqtt.connectAsync(stack.mqttUrl, {
      username: stack.info.mqtt.username,
      password: stack.info.mqtt.password,
      reconnectPeriod: 0,
    });
    const topics: string[] = [];
    watcher.on('message', (t) => topics.push(t));
    await watcher.subscribeAsync('tb/v1/fw-env-1/#');
    const node = await startHostNode({
      mqttUrl: stack.mqttUrl,
      deviceId: 'fw-env-1',
      type: 'env_sensor',
      intervalS: 1,
      binary,
      mqttPassword: devicePassword(secret, 'fw-env-1'),
    });
    try {
      await expect.poll(() => topics.includes('tb/v1/fw-env-1/telemetry'), { timeout: 10_000 }).toBe(true);
    } finally {
      await node.stop();
    }
    const refusedBefore = stack.brokerAudit().refusedConnections;
    const anonymous = await startHostNode({
      mqttUrl: stack.mqttUrl,
      deviceId: 'fw-env-1',
      type: 'env_sensor',
      binary,
    });
    try {
      await expect
        .poll(() => stack.brokerAudit().refusedConnections, { timeout: 10_000 })
        .toBeGreaterThan(refusedBefore);
    } finally {
      await anonymous.stop();
      await watcher.endAsync();
    }
  });
});
