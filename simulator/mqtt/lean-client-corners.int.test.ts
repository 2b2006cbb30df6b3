// The lean client's protocol corners against a real Mosquitto: packet ids past 65535, QoS 1 resent after
// a reconnect, a CONNACK refusal, and a half-open link noticed by the keepalive (issue 9, item 5).
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type StartedStack } from '../../stack/index.ts';
import { eventually } from '../test/platform.ts';
import type { CloseReason, LeanClientContext, LeanClientHandler } from './client-types.ts';
import { ConnectionWatch } from './connection-watch.ts';
import { FreezableProxy } from './freezable-proxy.test-helper.ts';
import { LeanMqttClient } from './lean-client.ts';

class Recorder implements LeanClientHandler {
  connects = 0;
  subacks: number[] = [];
  closes: { reason: CloseReason; error?: Error | undefined }[] = [];
  onConnect(): void {
    this.connects++;
  }
  onSuback(id: number): void {
    this.subacks.push(id);
  }
  onMessage(): void {}
  onClose(reason: CloseReason, error?: Error): void {
    this.closes.push({ reason, error });
  }
}

const context = (inflightWindow = 32): LeanClientContext => ({
  watch: new ConnectionWatch(100),
  inflightWindow,
  maxQueued: 100_000,
  connectTimeoutMs: 10_000,
  counters: { packetsOut: 0, bytesOut: 0, dropped: 0, protocolErrors: 0 },
});

const USER = { username: 'device-1', password: 'right-password' };
let stack: StartedStack;
let observer: MqttClient;
const counts = new Map<string, number>();
const payloads = new Map<string, Set<string>>();

beforeAll(async () => {
  stack = await startStack({ mode: 'local', broker: { users: [USER] } });
  observer = await mqtt.connectAsync(stack.mqttUrl, {
    ...USER,
    clientId: 'corner-observer',
    reconnectPeriod: 0,
  });
  observer.on('message', (topic, payload) => {
    counts.set(topic, (counts.get(topic) ?? 0) + 1);
    let set = payloads.get(topic);
    if (!set) payloads.set(topic, (set = new Set()));
    set.add(payload.toString());
  });
  await observer.subscribeAsync(['corner/#'], { qos: 1 });
});

afterAll(async () => {
  await observer?.endAsync(true);
  await stack?.stop();
});

describe('lean MQTT client corners', () => {
  it('carries 70,000 QoS 1 messages (ids wrap past 65535) with a SUBSCRIBE in between, none lost', async () => {
    const { host, port } = stack.info.mqtt;
    const r = new Recorder();
    const c = new LeanMqttClient({ host, port, clientId: 'corner-wrap', ...USER }, r, context(64));
    c.connect();
    await eventually(() => expect(c.connected).toBe(true));
    const n = 70_000;
    for (let i = 0; i < n; i++) {
      c.publish('corner/wrap', String(i), 1);
      if (i === 40_000) c.subscribe(['corner/nothing'], 1);
      if (i % 1000 === 999) await c.waitForRoom(2000);
    }
    await c.waitForRoom(0);
    await eventually(() => expect(payloads.get('corner/wrap')?.size).toBe(n), 30_000);
    expect(r.subacks).toHaveLength(1);
    expect(r.closes).toEqual([]);
    await c.end(true);
  });

  it('sends unacknowledged QoS 1 publishes again after the link drops and comes back', async () => {
    const proxy = await FreezableProxy.start(stack.info.mqtt);
    try {
      const r = new Recorder();
      const c = new LeanMqttClient(
        { host: '127.0.0.1', port: proxy.port, clientId: 'corner-resend', ...USER },
        r,
        context(8),
      );
      c.connect();
      await eventually(() => expect(c.connected).toBe(true));
      proxy.frozen = true; // PUBLISHes leave the client but reach no one, and no PUBACK comes back
      for (let i = 0; i < 20; i++) c.publish('corner/resend', String(i), 1);
      expect(c.pending).toBe(20);
      proxy.cut();
      await eventually(() => expect(r.closes).toHaveLength(1));
      proxy.frozen = false;
      c.connect(); // reconnecting is the device's job
      await c.waitForRoom(0);
      await eventually(() => expect(payloads.get('corner/resend')?.size).toBe(20));
      expect([...(payloads.get('corner/resend') ?? [])].sort((a, b) => Number(a) - Number(b))).toEqual(
        Array.from({ length: 20 }, (_, i) => String(i)),
      );
      await c.end(true);
    } finally {
      await proxy.stop();
    }
  });

  it('reports a CONNACK refusal with the broker’s reason', async () => {
    const { host, port } = stack.info.mqtt;
    const r = new Recorder();
    const c = new LeanMqttClient(
      { host, port, clientId: 'corner-refused', username: USER.username, password: 'wrong' },
      r,
      context(),
    );
    c.connect();
    await eventually(() => expect(r.closes).toHaveLength(1));
    expect(r.closes[0]?.reason).toBe('refused');
    expect(r.closes[0]?.error?.message).toMatch(/return code (4|5)/);
    expect(r.connects).toBe(0);
    expect(c.idle).toBe(true);
  });

  it('pings on schedule while busy with QoS 0, and closes a half-open link when PINGRESP never comes', async () => {
    const proxy = await FreezableProxy.start(stack.info.mqtt);
    try {
      const r = new Recorder();
      const ctx = context();
      const c = new LeanMqttClient(
        { host: '127.0.0.1', port: proxy.port, clientId: 'corner-halfopen', keepaliveS: 1, ...USER },
        r,
        ctx,
      );
      c.connect();
      await eventually(() => expect(c.connected).toBe(true));
      proxy.frozen = true; // the socket stays open: only the keepalive can notice
      const busy = setInterval(() => c.publish('corner/qos0', 'x', 0), 50);
      try {
        await eventually(() => expect(r.closes.map((x) => x.reason)).toEqual(['keepalive']), 10_000);
      } finally {
        clearInterval(busy);
      }
      expect(r.closes[0]?.error?.message).toMatch(/no PINGRESP within 1000 ms/);
      expect(c.idle).toBe(true);
    } finally {
      await proxy.stop();
    }
  });
});
