// Acknowledged means stored (issue 15), measured as a user would: independent publishers (one MQTT.js
// client per device, QoS 1, a sequence number and a distinct timestamp on every message), the platform
// as a real process, and what the broker acknowledged to the devices counted per device sequence in
// InfluxDB and in the twins — across a SIGKILL of the platform, and across a broker restart with the
// stack's default configuration. REST changes answered 2xx right before the SIGKILL are there after it.
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import {
  InfluxClient,
  startPlatformProcess,
  startStack,
  type StartedPlatform,
  type StartedStack,
} from '../../stack/index.ts';

const DEVICES = 20;
const RATE_PER_DEVICE = 20; // msg/s
const SECONDS = 9;

let stack: StartedStack | undefined;
let platform: StartedPlatform | undefined;
const clients: MqttClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  await platform?.stop();
  platform = undefined;
  await stack?.stop();
  stack = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(200);
  }
  return check();
}

/** One device: its own connection, a message every 1/RATE s, and the sequences the broker acknowledged. */
class Publisher {
  readonly id: string;
  readonly client: MqttClient;
  readonly acked = new Set<number>();
  seq = 0;
  #lastTs = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #pending = new Set<Promise<unknown>>();

  /** Sends shadow updates (`reported.n` = its sequence) instead of telemetry. */
  readonly shadow: boolean;

  constructor(id: string, client: MqttClient, shadow = false) {
    this.id = id;
    this.client = client;
    this.shadow = shadow;
  }

  start(): void {
    this.#timer = setInterval(() => this.#send(), 1_000 / RATE_PER_DEVICE);
  }

  #send(): void {
    const seq = ++this.seq;
    const ts = (this.#lastTs = Math.max(Date.now(), this.#lastTs + 1));
    const [topic, body] = this.shadow
      ? [`$aws/things/${this.id}/shadow/update`, JSON.stringify({ state: { reported: { n: seq } } })]
      : [
          `tb/v1/${this.id}/telemetry`,
          JSON.stringify({ seq, ts, fields: { temperature: 20 + (seq % 100) / 10 } }),
        ];
    const p = this.client
      .publishAsync(topic, body, { qos: 1 })
      .then(() => this.acked.add(seq))
      .catch(() => undefined)
      .finally(() => this.#pending.delete(p));
    this.#pending.add(p);
  }

  /** Stops publishing and waits (bounded) for the broker to answer what is still in flight. */
  async stop(timeoutMs: number): Promise<void> {
    clearInterval(this.#timer);
    await Promise.race([Promise.all([...this.#pending]), sleep(timeoutMs)]);
  }
}

async function publishers(url: string): Promise<Publisher[]> {
  const out: Publisher[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const id = `dur-${String(i).padStart(2, '0')}`;
    // Reconnect at the MQTT.js default pace; unacknowledged QoS 1 messages are sent again after it.
    const client = await mqtt.connectAsync(url, { clientId: id, reconnectPeriod: 500 });
    clients.push(client);
    await client.publishAsync(`tb/v1/${id}/status`, JSON.stringify({ online: true, type: 'env_sensor' }), {
      qos: 1,
    });
    out.push(new Publisher(id, client));
  }
  return out;
}

/** Every stored telemetry point's sequence, per device. */
async function storedSeqs(influx: InfluxClient): Promise<Map<string, number[]>> {
  const series = await influx.query(
    `SELECT "_seq" FROM telemetry WHERE device_id =~ /^dur-/ GROUP BY device_id`,
  );
  const out = new Map<string, number[]>();
  for (const s of series)
    out.set(
      String(s.tags?.device_id),
      s.values.map((v) => Number(v[1])),
    );
  return out;
}

/** What the broker acknowledged to the devices and InfluxDB does not hold, per device; duplicate points. */
function compare(pubs: Publisher[], stored: Map<string, number[]>) {
  const missing: Record<string, number[]> = {};
  const duplicates: Record<string, number> = {};
  let acked = 0;
  for (const p of pubs) {
    const seqs = stored.get(p.id) ?? [];
    const have = new Set(seqs);
    if (have.size !== seqs.length) duplicates[p.id] = seqs.length - have.size;
    const lost = [...p.acked].filter((s) => !have.has(s));
    if (lost.length > 0) missing[p.id] = lost.slice(0, 10);
    acked += p.acked.size;
  }
  return { missing, duplicates, acked };
}

/** A request to the running platform, with its run's token (and a JSON body when given). */
const api = (path: string, method = 'GET', body?: unknown) =>
  fetch(`${platform?.url}${path}`, {
    method,
    headers: {
      ...(platform?.token ? { authorization: `Bearer ${platform.token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

/** REST changes, each answered 2xx (so stored: the platform is killed right after the last answer). */
async function restChanges(): Promise<void> {
  const answers = [
    await api('/devices/dur-00/desired', 'PATCH', { interval_s: 42 }),
    await api('/devices/dur-01/shadow?name=cfg', 'POST', { state: { desired: { interval_s: 7 } } }),
    await api('/devices/dur-01/shadow?name=cfg', 'DELETE'),
    // dur-02 never answers commands: this one is still pending after the restart.
    await api('/devices/dur-02/commands', 'POST', { id: 'dur-cmd-1', name: 'identify', timeoutMs: 600_000 }),
  ];
  expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 202]);
}

/** What the REST changes made, read back from the restarted platform. */
async function expectRestChanges(): Promise<void> {
  const shadow = (await (await api('/devices/dur-00/shadow')).json()) as {
    state: { desired?: { interval_s?: number } };
  };
  expect(shadow.state.desired?.interval_s).toBe(42);
  expect((await api('/devices/dur-01/shadow?name=cfg')).status).toBe(404);
  // Created again, the deleted shadow goes on from its remembered version (1, the update's).
  const again = (await (
    await api('/devices/dur-01/shadow?name=cfg', 'POST', { state: { desired: { interval_s: 8 } } })
  ).json()) as { version: number };
  expect(again.version).toBe(2);
  const command = (await (await api('/commands/dur-cmd-1')).json()) as { status: string };
  expect(command.status).toBe('pending');
}

async function twinSeq(id: string): Promise<number | undefined> {
  const res = await api(`/devices/${id}`);
  if (res.status !== 200) return undefined;
  return ((await res.json()) as { telemetry?: { seq?: number } }).telemetry?.seq;
}

async function expectAllStored(pubs: Publisher[], influx: InfluxClient): Promise<void> {
  await until(async () => {
    const { missing } = compare(pubs, await storedSeqs(influx));
    return Object.keys(missing).length === 0;
  }, 20_000);
  const { missing, duplicates, acked } = compare(pubs, await storedSeqs(influx));
  expect(acked).toBeGreaterThan(DEVICES * RATE_PER_DEVICE * SECONDS * 0.8);
  expect(missing).toEqual({});
  // A redelivered message is the same point (same series and time): it overwrites, never adds.
  expect(duplicates).toEqual({});
  // The twins end on each device's last message (a redelivered older one does not roll them back).
  for (const p of pubs) expect(await twinSeq(p.id), p.id).toBe(p.seq);
}

/**
 * A TCP proxy between the platform and the broker that can lose everything the platform sends from
 * some moment on (its PUBACKs among it) while still passing what the broker sends: the platform then
 * stores messages the broker never hears were acknowledged, as when it dies between the two.
 */
async function ackLosingProxy(brokerPort: number) {
  const sockets = new Set<Socket>();
  let losing = false;
  const server: Server = createServer((platformSide) => {
    const brokerSide = createConnection({ host: '127.0.0.1', port: brokerPort });
    for (const s of [platformSide, brokerSide]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        platformSide.destroy();
        brokerSide.destroy();
      });
    }
    brokerSide.on('data', (d: Buffer) => platformSide.write(d));
    platformSide.on('data', (d: Buffer) => {
      if (!losing) brokerSide.write(d);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`,
    lose: () => (losing = true),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A counter of the platform's /metrics (0 when absent). */
async function metric(name: string): Promise<number> {
  const text = await (await api('/metrics')).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

describe('durability: every message the broker acknowledged is stored', () => {
  it('loses nothing when the platform is killed (SIGKILL) under QoS 1 load and restarted', async () => {
    stack = await startStack({ mode: (process.env.TWINBENCH_TEST_STACK as 'auto' | undefined) ?? 'auto' });
    const config = { logLevel: 'warn', heartbeatTimeoutMs: 600_000 };
    platform = await startPlatformProcess(stack.info, { config });
    const influx = new InfluxClient({ url: stack.influx.url, db: stack.influx.db });
    const pubs = await publishers(stack.mqttUrl);
    // And one thing whose shadow is updated at the same pace: each update applied exactly once.
    const lampClient = await mqtt.connectAsync(stack.mqttUrl, { clientId: 'dur-lamp', reconnectPeriod: 500 });
    clients.push(lampClient);
    const lamp = new Publisher('dur-lamp', lampClient, true);
    for (const p of [...pubs, lamp]) p.start();
    await sleep(4_000);
    // REST changes are answered once stored: a SIGKILL right after the last answer loses none of them.
    await restChanges();
    await platform.kill();
    await sleep(1_000);
    platform = await startPlatformProcess(stack.info, { config });
    await sleep((SECONDS - 5) * 1_000);
    await Promise.all([...pubs, lamp].map((p) => p.stop(10_000)));
    await expectAllStored(pubs, influx);
    // Every acknowledged update made one version, none made two (a redelivered one is not applied again).
    const shadow = await until(async () => {
      const t = (await (await api('/devices/dur-lamp')).json()) as {
        shadow?: { version: number; state: { reported?: { n?: number } } };
      };
      return t.shadow?.state.reported?.n === lamp.seq;
    }, 10_000);
    expect(shadow).toBe(true);
    const twin = (await (await api('/devices/dur-lamp')).json()) as {
      shadow: { version: number };
    };
    expect(lamp.acked.size).toBe(lamp.seq);
    expect(twin.shadow.version).toBe(lamp.seq);
    await expectRestChanges();
  }, 90_000);

  it('applies nothing twice that the broker delivers again after a crash (stored, acknowledgement lost)', async () => {
    stack = await startStack({ mode: (process.env.TWINBENCH_TEST_STACK as 'auto' | undefined) ?? 'auto' });
    const config = { logLevel: 'warn', heartbeatTimeoutMs: 600_000 };
    const proxy = await ackLosingProxy(stack.info.mqtt.port);
    try {
      platform = await startPlatformProcess({ ...stack.info, mqttUrl: proxy.url }, { config });
      const id = 'dup-brk';
      const device = await mqtt.connectAsync(stack.mqttUrl, { clientId: id, reconnectPeriod: 0 });
      clients.push(device);
      const send = (topic: string, body: object) =>
        device.publishAsync(topic, JSON.stringify(body), { qos: 1 });
      await send(`tb/v1/${id}/status`, { online: true, type: 'smart_breaker' });
      await until(async () => (await api(`/devices/${id}`)).status === 200, 10_000);
      expect((await api(`/devices/${id}/commands`, 'POST', { id: 'dup-c1', name: 'open' })).status).toBe(202);
      // From now on the platform's PUBACKs never reach the broker: all of these are delivered again.
      proxy.lose();
      await send(`tb/v1/${id}/status`, { online: false, reason: 'bye' });
      await send(`tb/v1/${id}/events`, { type: 'trip', reason: 'overcurrent' });
      await send(`tb/v1/${id}/commands/response`, { id: 'dup-c1', status: 'delivered' });
      await send(`tb/v1/${id}/commands/response`, { id: 'dup-c1', status: 'succeeded' });
      await send(`$aws/things/${id}/shadow/update`, { state: { reported: { closed: true } } });
      const influx = new InfluxClient({ url: stack.influx.url, db: stack.influx.db });
      const count = async (measurement: string, where = '') =>
        Number(
          (await influx.query(`SELECT count(*) FROM ${measurement} WHERE device_id = '${id}'${where}`))[0]
            ?.values[0]?.[1] ?? 0,
        );
      const stored = async () => ({
        events: await count('events'),
        succeeded: await count('commands', ` AND status = 'succeeded'`),
        liveness: await count('liveness'),
        shadow: await count('shadow'),
      });
      expect(await until(async () => (await stored()).shadow === 1, 10_000)).toBe(true);
      const before = await stored();
      // Liveness: online, offline ('bye'), online again (the event is a sign of life).
      expect(before).toEqual({ events: 1, succeeded: 1, liveness: 3, shadow: 1 });
      await platform.kill();
      await proxy.close();
      platform = await startPlatformProcess(stack.info, { config });
      // The broker delivers all five again (DUP): each is recognised and only acknowledged.
      expect(await until(async () => (await metric('twinbench_messages_duplicate_total')) >= 5, 10_000)).toBe(
        true,
      );
      await sleep(500);
      expect(await stored()).toEqual(before);
      expect(await metric('twinbench_messages_rejected_total{reason="unknown_command"}')).toBe(0);
      const twin = (await (await api(`/devices/${id}`)).json()) as {
        online: boolean;
        shadow: { version: number };
      };
      expect(twin).toMatchObject({ online: true, shadow: { version: 1 } });
      expect(((await (await api('/commands/dup-c1')).json()) as { status: string }).status).toBe('succeeded');
    } finally {
      await proxy.close().catch(() => undefined);
    }
  }, 60_000);

  it('loses nothing when the broker restarts mid-stream with the default stack configuration', async () => {
    stack = await startStack({ mode: (process.env.TWINBENCH_TEST_STACK as 'auto' | undefined) ?? 'auto' });
    platform = await startPlatformProcess(stack.info, {
      config: { logLevel: 'warn', heartbeatTimeoutMs: 600_000 },
    });
    const influx = new InfluxClient({ url: stack.influx.url, db: stack.influx.db });
    const pubs = await publishers(stack.mqttUrl);
    for (const p of pubs) p.start();
    await sleep(4_000);
    await stack.service('mosquitto').restart();
    await sleep((SECONDS - 4) * 1_000);
    await Promise.all(pubs.map((p) => p.stop(15_000)));
    await expectAllStored(pubs, influx);
  }, 90_000);
});
