// The lean client against a real Mosquitto: thousands of connections, QoS 0/1 both ways, keepalive,
// last will, and MQTT.js (a different implementation) on the other end.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type StartedStack } from '../../stack/index.ts';
import { eventually } from '../test/platform.ts';
import { ConnectionWatch } from './connection-watch.ts';
import type { CloseReason, LeanClientContext, LeanClientHandler } from './client-types.ts';
import { LeanMqttClient } from './lean-client.ts';

class Recorder implements LeanClientHandler {
  connects = 0;
  subacks: number[][] = [];
  messages: { topic: string; payload: string }[] = [];
  closes: CloseReason[] = [];
  onConnect(): void {
    this.connects++;
  }
  onSuback(_id: number, granted: number[]): void {
    this.subacks.push(granted);
  }
  onMessage(topic: string, payload: Buffer): void {
    this.messages.push({ topic, payload: payload.toString() });
  }
  onClose(reason: CloseReason): void {
    this.closes.push(reason);
  }
}

let stack: StartedStack;
let observer: MqttClient;
const seen: { topic: string; payload: string; retain: boolean }[] = [];

function context(): LeanClientContext {
  return {
    watch: new ConnectionWatch(250),
    inflightWindow: 8,
    maxQueued: 1000,
    connectTimeoutMs: 10_000,
    counters: { packetsOut: 0, bytesOut: 0, dropped: 0, protocolErrors: 0 },
  };
}

beforeAll(async () => {
  stack = await startStack({ mode: 'local' });
  observer = await mqtt.connectAsync(stack.mqttUrl, { clientId: 'observer', reconnectPeriod: 0 });
  observer.on('message', (topic, payload, packet) =>
    seen.push({ topic, payload: payload.toString(), retain: packet.retain }),
  );
  await observer.subscribeAsync(['lean/#'], { qos: 1 });
});

afterAll(async () => {
  await observer?.endAsync(true);
  await stack?.stop();
});

describe('lean MQTT client', () => {
  it('holds 2,000 connections, publishes QoS 1 from each and receives QoS 1 on each', async () => {
    const { host, port } = stack.info.mqtt;
    const ctx = context();
    const n = 2000;
    const recorders = Array.from({ length: n }, () => new Recorder());
    const clients = recorders.map(
      (r, i) => new LeanMqttClient({ host, port, clientId: `lean-${i}`, keepaliveS: 30 }, r, ctx),
    );
    for (let i = 0; i < n; i += 200) {
      for (const c of clients.slice(i, i + 200)) c.connect();
      await eventually(
        () => expect(recorders.slice(i, i + 200).every((r) => r.connects === 1)).toBe(true),
        20_000,
      );
    }
    expect(clients.every((c) => c.connected)).toBe(true);
    clients.forEach((c, i) => c.subscribe([`down/lean-${i}`], 1));
    await eventually(() => expect(recorders.every((r) => r.subacks.length === 1)).toBe(true), 20_000);
    expect(recorders[0]?.subacks[0]).toEqual([1]);

    const before = seen.length;
    clients.forEach((c, i) => c.publish(`lean/up/${i}`, JSON.stringify({ i }), 1));
    await eventually(() => expect(seen.length - before).toBe(n), 20_000);
    await eventually(() => expect(clients.every((c) => c.pending === 0)).toBe(true));

    for (const i of [0, 999, 1999]) await observer.publishAsync(`down/lean-${i}`, `hello ${i}`, { qos: 1 });
    await eventually(() =>
      expect(recorders[999]?.messages).toEqual([{ topic: 'down/lean-999', payload: 'hello 999' }]),
    );
    expect(recorders[0]?.messages).toHaveLength(1);
    expect(recorders[1]?.messages).toHaveLength(0);
    expect(ctx.counters.protocolErrors).toBe(0);

    await Promise.all(clients.map((c) => c.end(true)));
    expect(recorders.every((r) => r.closes.join() === 'requested')).toBe(true);
    expect(ctx.watch.size).toBe(0);
  });

  it('queues QoS 1 beyond the window and while disconnected, then delivers everything once connected', async () => {
    const { host, port } = stack.info.mqtt;
    const r = new Recorder();
    const c = new LeanMqttClient({ host, port, clientId: 'lean-queue' }, r, context());
    for (let i = 0; i < 50; i++) c.publish('lean/queue', String(i), 1);
    expect(c.pending).toBe(50);
    expect(c.publish('lean/queue', 'qos0', 0)).toBe(false); // QoS 0 needs a connection
    const before = seen.filter((m) => m.topic === 'lean/queue').length;
    c.connect();
    await c.waitForRoom(0);
    await eventually(() => expect(seen.filter((m) => m.topic === 'lean/queue').length - before).toBe(50));
    const got = seen
      .filter((m) => m.topic === 'lean/queue')
      .slice(-50)
      .map((m) => Number(m.payload));
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => i));
    await c.end(true);
  });

  it('keeps an idle connection alive with PINGREQ, and its will fires when it drops', async () => {
    const { host, port } = stack.info.mqtt;
    const r = new Recorder();
    const will = { topic: 'lean/will/pinger', payload: '{"online":false}', qos: 1 as const, retain: true };
    const c = new LeanMqttClient({ host, port, clientId: 'lean-pinger', keepaliveS: 1, will }, r, context());
    c.connect();
    await eventually(() => expect(c.connected).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 3500)); // > 1.5 × keepalive without a publish
    expect(c.connected).toBe(true);
    expect(r.closes).toEqual([]);
    await c.end(false);
    await eventually(() => expect(seen.some((m) => m.topic === 'lean/will/pinger')).toBe(true));

    const clean = new LeanMqttClient(
      { host, port, clientId: 'lean-clean', will: { ...will, topic: 'lean/will/clean' } },
      new Recorder(),
      context(),
    );
    clean.connect();
    await eventually(() => expect(clean.connected).toBe(true));
    await clean.end(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.some((m) => m.topic === 'lean/will/clean')).toBe(false);
  });

  it('reports a refused connection and a broker that is not there', async () => {
    const { host } = stack.info.mqtt;
    const r = new Recorder();
    const c = new LeanMqttClient({ host, port: 1, clientId: 'lean-nowhere' }, r, context());
    c.connect();
    await eventually(() => expect(r.closes).toEqual(['error']));
    expect(c.idle).toBe(true);
  });
});
