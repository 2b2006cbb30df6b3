// Heartbeat timeouts count a device's silence only while the platform could hear it (issue 17): at
// 100,000 devices the platform owed the broker its whole in-flight window of acknowledgements while
// InfluxDB lagged, the broker held every device's messages back, and /health said 0 online while every
// device published. The tracker's own rules: platform/twins/liveness.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakePlatform, type FakePlatform } from './ports/fake-platform.ts';
import { RECEIVE_MAXIMUM } from './ports/mqtt-js-port.ts';

let p: FakePlatform;
afterEach(() => p?.close());

const online = async () =>
  (await p.api<{ devices: { online: number } }>('GET', '/health')).body.devices.online;
/** Moves the platform's clock in steps a sweep (every 250 ms) takes as an ordinary gap, for `ms` in all. */
const pass = async (ms: number) => {
  for (let t = 0; t < ms; t += 400) {
    p.clock.t += 400;
    await new Promise((r) => setTimeout(r, 300));
  }
};

describe('liveness while the broker holds messages back', () => {
  it('keeps devices online while the platform owes the broker its in-flight window, times them out once it is heard again', async () => {
    p = await fakePlatform({ heartbeatTimeoutMs: 1_000 });
    await p.mqtt.deliver('tb/v1/env-1/status', { online: true, type: 'env_sensor' });
    expect(await online()).toBe(1);
    // MQTT.js's port owes this many acknowledgements: the broker sends nothing more.
    Object.assign(p.mqtt, { unacknowledged: RECEIVE_MAXIMUM, receiveMaximum: RECEIVE_MAXIMUM });
    await pass(2_400);
    expect(await online()).toBe(1);
    Object.assign(p.mqtt, { unacknowledged: 10 });
    await vi.waitFor(
      async () => {
        p.clock.t += 200;
        expect(await online()).toBe(0);
      },
      { timeout: 5_000, interval: 260 },
    );
  });
});
