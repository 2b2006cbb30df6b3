/**
 * The device contract (MQTT.js's abstract-store pattern): one suite every device implementation must
 * pass — the simulator's virtual device, the firmware's host build — against a real broker (stack,
 * local mode) observed through a raw MQTT.js client. Call it from an integration test:
 *
 *   describeDeviceContract('virtual env_sensor', { type: 'env_sensor', start: ({ mqttUrl, deviceId }) => … });
 *
 * The device speaks twinbench's topic profile (tb/v1/{id}/…) and the AWS shadow API; the suite plays
 * the shadow service with twin's own ShadowBook. What the suite relies on, in order: the device
 * subscribes to its command topic and to shadow/update/delta before it publishes its birth status and
 * its shadow get (the suite sends a command once it sees the birth, a delta once it sees the get).
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type StartedStack } from '../stack/index.ts';
import {
  DEVICE_SPECS,
  FINAL_COMMAND_STATUSES,
  ShadowBook,
  TWINBENCH_PROFILE,
  compileProfile,
  computeDelta,
  handleShadowRequest,
  isJsonObject,
  parseCommandResponse,
  parseStatus,
  parseTelemetry,
  shadowDeltaTopic,
  shadowTopic,
  type DeviceType,
  type JsonObject,
} from '../twin/index.ts';

/** A device under test, started on a broker with a given id. */
export interface DeviceUnderTest {
  stop(): Promise<void>;
  /** Ends the device without a clean DISCONNECT (the broker then publishes its last will). */
  kill?(): Promise<void>;
}

export interface DeviceImplementation {
  type: DeviceType;
  start(opts: { mqttUrl: string; deviceId: string }): Promise<DeviceUnderTest>;
}

/** How long the device may take for each step (a bound for failing, not a wait). */
const STEP_TIMEOUT_MS = 15_000;
const topics = compileProfile(TWINBENCH_PROFILE);

interface Received {
  topic: string;
  payload: Buffer;
  retain: boolean;
}

/** Every message a client received, and waits for one that matches (failing after a timeout). */
class Inbox {
  readonly messages: Received[] = [];
  readonly #waiters = new Set<(m: Received) => void>();

  constructor(client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      const m = { topic, payload, retain: packet.retain };
      this.messages.push(m);
      for (const w of this.#waiters) w(m);
    });
  }

  wait(what: string, match: (m: Received) => boolean, timeoutMs = STEP_TIMEOUT_MS): Promise<Received> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = (m: Received) => {
        if (!match(m)) return;
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve(m);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const got = [...new Set(this.messages.map((m) => m.topic))].join(', ') || 'nothing';
        reject(new Error(`no ${what} within ${timeoutMs} ms (received on: ${got})`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }
}

function json(m: Received): unknown {
  try {
    return JSON.parse(m.payload.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A desired change the device must obey: interval_s when the type has it, else its first number. */
export function desiredProbe(type: DeviceType): JsonObject {
  const desired = DEVICE_SPECS[type].desired as Record<string, { kind: string; min?: number; max?: number }>;
  if ('interval_s' in desired) return { interval_s: 7 };
  const [name, spec] =
    Object.entries(desired).find(([, s]) => s.kind === 'number' || s.kind === 'integer') ?? [];
  if (name === undefined || spec === undefined) return {};
  return { [name]: Math.min(spec.max ?? 12, Math.max(spec.min ?? 0, 12)) };
}

export function describeDeviceContract(name: string, impl: DeviceImplementation): void {
  describe(`device contract: ${name}`, () => {
    let stack: StartedStack;
    const cleanups: (() => Promise<unknown>)[] = [];
    let n = 0;

    beforeAll(async () => {
      stack = await startStack({ mode: 'local' });
    });
    afterAll(async () => {
      await stack?.stop();
    });
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
    });

    const deviceId = () => `contract-${impl.type}-${process.pid}-${++n}`;

    async function observer(filters: string[]): Promise<{ client: MqttClient; inbox: Inbox }> {
      const client = await mqtt.connectAsync(stack.mqttUrl, { reconnectPeriod: 0, clean: true });
      cleanups.push(() => client.endAsync(true));
      const inbox = new Inbox(client);
      await client.subscribeAsync(filters, { qos: 1 });
      return { client, inbox };
    }

    async function start(id: string): Promise<DeviceUnderTest> {
      const device = await impl.start({ mqttUrl: stack.mqttUrl, deviceId: id });
      cleanups.push(() => device.stop());
      return device;
    }

    /** Plays the AWS shadow service for `id` with twin's ShadowBook. */
    function serveShadow(client: MqttClient, book: ShadowBook): void {
      client.on('message', (topic, payload) => {
        const out = handleShadowRequest(book, topic, payload);
        for (const p of out ?? []) client.publish(p.topic, JSON.stringify(p.payload), { qos: 1 });
      });
    }

    it('announces itself with a retained birth status: online, with its type', async () => {
      const id = deviceId();
      const status = topics.topicFor('status', id);
      const { inbox } = await observer([status]);
      await start(id);
      const birth = await inbox.wait(`online status on ${status}`, (m) => {
        const s = parseStatus(m.payload);
        return s.ok && s.value.online;
      });
      const parsed = parseStatus(birth.payload);
      expect(parsed).toMatchObject({ ok: true, value: { online: true, type: impl.type } });

      const late = await observer([status]);
      const retained = await late.inbox.wait(`retained status on ${status}`, (m) => m.retain);
      expect(parseStatus(retained.payload)).toMatchObject({
        ok: true,
        value: { online: true, type: impl.type },
      });
    });

    it('sends telemetry that twin accepts for its type', async () => {
      const id = deviceId();
      const telemetry = topics.topicFor('telemetry', id);
      const { inbox } = await observer([telemetry]);
      await start(id);
      const first = await inbox.wait(`telemetry on ${telemetry}`, () => true);
      const parsed = parseTelemetry(impl.type, first.payload);
      if (!parsed.ok) expect.fail(`telemetry refused by twin: ${parsed.errors.join('; ')}`);
      expect(Object.keys(parsed.value.fields).length).toBeGreaterThan(0);
    });

    it('asks for its shadow on boot, then obeys a desired delta and reports it', async () => {
      const id = deviceId();
      const book = new ShadowBook();
      const { client, inbox } = await observer([shadowTopic(id, 'get'), shadowTopic(id, 'update')]);
      serveShadow(client, book);
      await start(id);
      await inbox.wait(
        `a shadow get on ${shadowTopic(id, 'get')}`,
        (m) => m.topic === shadowTopic(id, 'get'),
      );

      const probe = desiredProbe(impl.type);
      expect(Object.keys(probe).length).toBeGreaterThan(0);
      const result = book.update(id, undefined, { state: { desired: probe } });
      expect(result.delta).toBeDefined();
      await client.publishAsync(shadowDeltaTopic(id), JSON.stringify(result.delta), { qos: 1 });

      const reported = await inbox.wait(`a reported update with ${JSON.stringify(probe)}`, (m) => {
        if (m.topic !== shadowTopic(id, 'update')) return false;
        const body = json(m);
        const state = isJsonObject(body) ? body.state : undefined;
        const rep = isJsonObject(state) ? state.reported : undefined;
        return isJsonObject(rep) && Object.entries(probe).every(([k, v]) => rep[k] === v);
      });
      expect(reported.topic).toBe(shadowTopic(id, 'update'));
      const shadow = book.snapshot(id);
      expect(computeDelta(shadow?.desired ?? {}, shadow?.reported ?? {})).toBeUndefined();
    });

    it('answers a command with responses carrying its id, ending in a final status', async () => {
      const id = deviceId();
      const responses = topics.topicFor('commandResponse', id);
      const { client, inbox } = await observer([responses, topics.topicFor('status', id)]);
      await start(id);
      await inbox.wait('the birth status', (m) => parseStatus(m.payload).ok);
      const commandName = Object.keys(DEVICE_SPECS[impl.type].commands)[0] as string;
      const command = { id: `cmd-${id}`, name: commandName, params: {}, ts: Date.now() };
      await client.publishAsync(topics.topicFor('command', id), JSON.stringify(command), { qos: 1 });
      const final = await inbox.wait(`a final response to ${commandName} on ${responses}`, (m) => {
        const r = parseCommandResponse(m.payload);
        return r.ok && r.value.id === command.id && FINAL_COMMAND_STATUSES.includes(r.value.status);
      });
      expect(parseCommandResponse(final.payload)).toMatchObject({ ok: true, value: { id: command.id } });
      for (const m of inbox.messages.filter((m) => m.topic === responses)) {
        const r = parseCommandResponse(m.payload);
        if (!r.ok) expect.fail(`command response refused by twin: ${r.errors.join('; ')}`);
        expect(r.value.id).toBe(command.id);
      }
    });

    it('leaves a last will: online false when killed', async (ctx) => {
      const id = deviceId();
      const status = topics.topicFor('status', id);
      const { inbox } = await observer([status]);
      const device = await start(id);
      if (device.kill === undefined) {
        ctx.skip();
        return;
      }
      await inbox.wait('the birth status', (m) => parseStatus(m.payload).ok);
      await device.kill();
      const will = await inbox.wait(`an offline status on ${status}`, (m) => {
        const s = parseStatus(m.payload);
        return s.ok && !s.value.online;
      });
      expect(parseStatus(will.payload)).toMatchObject({ ok: true, value: { online: false } });
      // A will may say why; one that says anything but last_will was not the broker's doing.
      const reason = (json(will) as { reason?: unknown } | undefined)?.reason;
      if (reason !== undefined) expect(reason).toBe('last_will');
    });
  });
}
