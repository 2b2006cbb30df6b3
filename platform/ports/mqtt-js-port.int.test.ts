// MqttJsPort against a real Mosquitto: a QoS 1 message is acknowledged only once what it carries is
// stored, and a broker restart (persistent session) that delivers the unacknowledged messages again
// does not make the platform handle them twice.
import mqtt from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStack, type StartedStack } from '../../stack/index.ts';
import { resolveOptions } from '../options.ts';
import { MqttJsPort } from './mqtt-js-port.ts';

let stack: StartedStack;
beforeAll(async () => {
  stack = await startStack({ mode: 'local' });
});
afterAll(() => stack?.stop());

const silent = pino({ level: 'silent' });
const portFor = (clientId: string) =>
  new MqttJsPort(
    resolveOptions({ mqtt: { url: stack.mqttUrl, clientId }, influx: { url: 'http://unused', db: 'x' } })
      .mqtt,
    silent,
  );

describe('MqttJsPort acknowledgements', () => {
  it('acknowledges once stored, and handles messages delivered again after a broker restart only once', async () => {
    const handled: string[] = [];
    let store!: () => void;
    const stored = new Promise<void>((r) => (store = r));
    const port = portFor('port-ack-test');
    await port.start(['ack-test/#'], (_topic, payload) => {
      handled.push(payload.toString());
      return stored;
    });
    const pub = await mqtt.connectAsync(stack.mqttUrl, { clientId: 'port-ack-pub', reconnectPeriod: 0 });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => pub.publishAsync('ack-test/x', `m${i}`, { qos: 1 })),
    );
    await pub.endAsync();
    await vi.waitFor(() => expect(handled).toHaveLength(50));
    expect(port.unacknowledged).toBe(50);

    // The broker saves the session (persistence) and delivers the 50 again (DUP) when the port is back.
    await stack.service('mosquitto').restart();
    await vi.waitFor(() => expect(port.connected).toBe(true), { timeout: 10_000 });
    await vi.waitFor(() => expect(port.unacknowledged).toBe(50), { timeout: 5_000 });
    expect(handled).toHaveLength(50);

    store();
    await vi.waitFor(() => expect(port.unacknowledged).toBe(0));
    await port.close();

    // Everything was acknowledged: a new session under the same id gets nothing again.
    const again: string[] = [];
    const next = portFor('port-ack-test');
    await next.start(['ack-test/#'], (_topic, payload) => void again.push(payload.toString()));
    await new Promise((r) => setTimeout(r, 1_000));
    await next.close();
    expect(again).toEqual([]);
    expect(new Set(handled).size).toBe(50);
  }, 60_000);
});

describe('MqttJsPort under a burst', () => {
  it('lets the event loop turn at least every 500 messages, however many one read brought', async () => {
    let handled = 0;
    const port = portFor('port-burst-test');
    await port.start(['b/#'], () => void handled++);
    const pub = await mqtt.connectAsync(stack.mqttUrl, { clientId: 'port-burst-pub', reconnectPeriod: 0 });
    // Messages handled between two turns of the event loop (a setImmediate chain counts them).
    let most = 0;
    let before = 0;
    let counting = true;
    const count = () => {
      most = Math.max(most, handled - before);
      before = handled;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const n = 20_000;
    pub.stream.cork();
    for (let i = 0; i < n; i++) pub.publish('b/x', `m${i}`, { qos: 0 });
    pub.stream.uncork();
    // Busy for a while: the burst waits in the socket, so one read brings thousands of messages.
    const until = Date.now() + 1_000;
    while (Date.now() < until);
    await vi.waitFor(() => expect(handled).toBe(n), { timeout: 10_000 });
    counting = false;
    await pub.endAsync();
    await port.close();
    expect(most).toBeGreaterThan(0);
    // 500 handled in the poll phase and 500 in the check phase at most (without the yield: ~5,000).
    expect(most).toBeLessThanOrEqual(1_000);
  }, 30_000);
});
