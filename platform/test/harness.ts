import { vi } from 'vitest';
// Test harness (Node 24's global WebSocket is the stream client): a real stack, the platform as a real process, and MQTT devices that record what they get.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { startPlatform, startStack, type StartedPlatform, type StartedStack } from '../../stack/index.ts';

export interface Received {
  topic: string;
  text: string;
  json: unknown;
}

/** An MQTT client standing in for a device, keeping every message it receives. */
export class TestDevice {
  readonly received: Received[] = [];
  readonly client: MqttClient;
  constructor(client: MqttClient) {
    this.client = client;
    client.on('message', (topic, payload) => {
      const text = payload.toString();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      this.received.push({ topic, text, json });
    });
  }

  publish(topic: string, body: unknown, opts: { retain?: boolean } = {}): Promise<unknown> {
    return this.client.publishAsync(
      topic,
      typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
      {
        qos: 1,
        ...opts,
      },
    );
  }

  /** Waits for a message on `topic` (exact) matching `pred`; returns it. */
  async next(
    topic: string,
    pred: (m: Received) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<Received> {
    const seen = new Set<Received>();
    return eventually(() => {
      const m = this.received.find((r) => r.topic === topic && !seen.has(r) && pred(r));
      if (!m)
        throw new Error(
          `no message on ${topic} within ${timeoutMs} ms; got: ${this.received.map((r) => r.topic).join(', ')}`,
        );
      return m;
    }, timeoutMs);
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}

/** Retries `fn` until it stops throwing (vitest's waitFor), then returns its value. */
export const eventually = <T>(fn: () => T | Promise<T>, timeoutMs = 5000, intervalMs = 50): Promise<T> =>
  vi.waitFor(fn, { timeout: timeoutMs, interval: intervalMs });

export interface Harness {
  stack: StartedStack;
  platform: StartedPlatform;
  device(clientId: string, opts?: IClientOptions & { subscribe?: string[] }): Promise<TestDevice>;
  api<T = unknown>(
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<{ status: number; body: T }>;
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  stream(query?: string): Promise<{ changes: Record<string, unknown>[]; close: () => void }>;
  restartPlatform(how: 'stop' | 'kill'): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(config: Record<string, unknown> = {}): Promise<Harness> {
  const stack = await startStack({
    mode: (process.env.TWINBENCH_TEST_STACK as 'auto' | undefined) ?? 'auto',
  });
  const devices: TestDevice[] = [];
  const sockets: WebSocket[] = [];
  // A platform that fails to start must not leave its stack behind.
  const platform = await startPlatform(stack.info, { config: { logLevel: 'warn', ...config } }).catch(
    async (err: unknown) => {
      await stack.stop();
      throw err;
    },
  );
  const h: Harness = {
    stack,
    platform,
    async device(clientId, opts = {}) {
      const { subscribe, ...rest } = opts;
      const client = await mqtt.connectAsync(stack.mqttUrl, { clientId, reconnectPeriod: 0, ...rest });
      const d = new TestDevice(client);
      if (subscribe?.length) await client.subscribeAsync(subscribe, { qos: 1 });
      devices.push(d);
      return d;
    },
    async api(path, init = {}) {
      const headers: Record<string, string> = {};
      if (h.platform.token) headers.authorization = `Bearer ${h.platform.token}`;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${h.platform.url}${path}`, {
        method: init.method ?? 'GET',
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as never };
    },
    async metric(name, labels = {}) {
      const text = await (await fetch(`${h.platform.url}/metrics`)).text();
      const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
      let total = 0;
      for (const line of text.split('\n')) {
        if (!line.startsWith(name)) continue;
        const rest = line.slice(name.length);
        if (!(rest.startsWith('{') || rest.startsWith(' '))) continue;
        if (want.every((w) => rest.includes(w))) total += Number(line.split(' ').pop());
      }
      return total;
    },
    async stream(query = '') {
      const token = h.platform.token;
      const ws = new WebSocket(
        `${h.platform.wsUrl}/stream${query ? `?${query}` : ''}`,
        token ? { headers: { authorization: `Bearer ${token}` } } : undefined,
      );
      sockets.push(ws);
      const changes: Record<string, unknown>[] = [];
      ws.addEventListener('message', (e) =>
        changes.push(...(JSON.parse(String(e.data)) as Record<string, unknown>[])),
      );
      await new Promise((resolve, reject) => {
        ws.addEventListener('open', resolve, { once: true });
        ws.addEventListener('error', reject, { once: true });
      });
      return { changes, close: () => ws.close() };
    },
    async restartPlatform(how) {
      await (how === 'kill' ? h.platform.kill() : h.platform.stop());
      h.platform = await startPlatform(stack.info, { config: { logLevel: 'warn', ...config } });
    },
    async close() {
      for (const s of sockets) s.close();
      await Promise.all(devices.map((d) => d.close()));
      await h.platform.stop();
      await stack.stop();
    },
  };
  return h;
}
