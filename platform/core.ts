import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { InfluxClient } from '../stack/index.ts';
import {
  builtinProfile,
  compileProfile,
  isBuiltinProfileName,
  parseCommandRequest,
  SHADOW_REQUEST_FILTERS,
  TB_PREFIX,
  type TopicProfile,
  type TopicProfileSpec,
} from '../twin/index.ts';
import type { CommandRecord } from './commands/tracker.ts';
import { PlatformError } from './errors.ts';
import { restoreFromHistory, type RestoreReport } from './history/restore.ts';
import { attachHistorySink } from './history/sink.ts';
import { HistoryWriter } from './history/writer.ts';
import { Ingest } from './ingest/ingest.ts';
import { Rejections } from './ingest/rejections.ts';
import { ShadowGateway } from './ingest/shadow-gateway.ts';
import { PLATFORM_DEFAULTS, type PlatformOptions } from './options.ts';
import { createMetrics, type PlatformMetrics } from './plugins/metrics.ts';
import { TwinStore } from './twins/twin-store.ts';

export function compileProfiles(
  list: PlatformOptions['profiles'] = [...PLATFORM_DEFAULTS.profiles],
): TopicProfile[] {
  return list.map((p) => {
    if (typeof p === 'string') {
      if (!isBuiltinProfileName(p)) {
        throw new PlatformError(
          'BAD_CONFIG',
          `Unknown topic profile '${p}'; use twinbench, iot-node, devices-mac or give a full profile object.`,
        );
      }
      return builtinProfile(p);
    }
    return compileProfile(p as TopicProfileSpec);
  });
}

/** One platform per database: its MQTT session is named after it (two platforms on one db would take turns). */
function defaultClientId(db: string): string {
  return `twinbench-platform-${db.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64);
}

/**
 * The platform without its HTTP face: twins, history, MQTT ingest and commands. `start()` restores
 * twins from history, then connects to the broker; `stop()` flushes history and disconnects.
 */
export class PlatformCore {
  readonly store: TwinStore;
  readonly metrics: PlatformMetrics;
  readonly influx: InfluxClient;
  readonly history: HistoryWriter;
  readonly profiles: TopicProfile[];
  readonly shadows: ShadowGateway;
  readonly log: Logger;
  #mqtt: MqttClient | undefined;
  #timers: NodeJS.Timeout[] = [];
  #detachSink: (() => void) | undefined;
  readonly #o: PlatformOptions;
  readonly #rejections: Rejections;
  restoreReport: RestoreReport | undefined;

  constructor(options: PlatformOptions, log: Logger) {
    this.#o = options;
    this.log = log;
    const now = options.now ?? Date.now;
    this.metrics = createMetrics();
    this.profiles = compileProfiles(options.profiles);
    this.store = new TwinStore({
      now,
      heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? PLATFORM_DEFAULTS.heartbeatTimeoutMs,
      commandTimeoutMs: options.commandTimeoutMs ?? PLATFORM_DEFAULTS.commandTimeoutMs,
    });
    this.influx = new InfluxClient({
      url: options.influx.url,
      db: options.influx.db,
      ...(options.influx.auth ? { auth: options.influx.auth } : {}),
    });
    const h = options.history ?? {};
    this.history = new HistoryWriter({
      client: this.influx,
      maxBatchLines: h.maxBatchLines ?? PLATFORM_DEFAULTS.maxBatchLines,
      flushIntervalMs: h.flushIntervalMs ?? PLATFORM_DEFAULTS.flushIntervalMs,
      highWaterLines: h.highWaterLines ?? PLATFORM_DEFAULTS.highWaterLines,
      onWrite: ({ lines, error }) => {
        if (error) {
          this.metrics.influxErrors.inc({ op: 'write' });
          log.warn({ err: error, lines }, 'history write failed');
        } else this.metrics.batchLines.observe(lines);
      },
      onDrop: (n) => {
        this.metrics.historyDropped.inc(n);
        log.error({ lines: n }, 'history lines dropped');
      },
    });
    this.#rejections = new Rejections({
      intervalMs: options.rejectLogIntervalMs ?? PLATFORM_DEFAULTS.rejectLogIntervalMs,
      log,
      metrics: this.metrics,
      now,
    });
    this.shadows = new ShadowGateway({
      store: this.store,
      rejections: this.#rejections,
      registration: options.registration ?? PLATFORM_DEFAULTS.registration,
      publish: (topic, payload) => this.#publish(topic, payload),
    });
    this.store.bus.on((c) => {
      if (c.kind === 'command') this.metrics.commands.inc({ status: c.command.status });
    });
  }

  get mqttConnected(): boolean {
    return this.#mqtt?.connected ?? false;
  }

  async start(): Promise<void> {
    const { db } = this.#o.influx;
    await this.influx.createDatabase(db);
    if (this.#o.restore ?? PLATFORM_DEFAULTS.restore) {
      this.restoreReport = await restoreFromHistory(this.store, this.influx);
      this.log.info(this.restoreReport, 'twins restored from history');
    }
    this.#detachSink = attachHistorySink(this.store, this.history, (err, change) =>
      this.log.error(
        { err, kind: change.kind, deviceId: change.deviceId },
        'could not encode a change for history',
      ),
    );
    await this.#connect();
    const tick = setInterval(() => {
      this.store.liveness.sweep();
      this.store.commands.sweep();
      const { online, offline } = this.store.liveness.counts();
      this.metrics.devices.set({ state: 'online' }, online);
      this.metrics.devices.set({ state: 'offline' }, offline);
      this.metrics.queueDepth.set(this.history.depth);
    }, 250);
    tick.unref();
    this.#timers.push(tick);
  }

  async #connect(): Promise<void> {
    const m = this.#o.mqtt;
    const ingest = new Ingest({
      store: this.store,
      profiles: this.profiles,
      shadows: this.shadows,
      rejections: this.#rejections,
      metrics: this.metrics,
      log: this.log,
      registration: this.#o.registration ?? PLATFORM_DEFAULTS.registration,
      maxPayloadBytes: this.#o.maxPayloadBytes ?? PLATFORM_DEFAULTS.maxPayloadBytes,
      publish: (topic, payload) => this.#publish(topic, payload),
    });
    // A persistent session under a stable client id: while the platform restarts, or reconnects after
    // a broker restart, the broker keeps its subscriptions and queues QoS 1 telemetry for it.
    const client = mqtt.connect(m.url, {
      clientId: m.clientId ?? defaultClientId(this.#o.influx.db),
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: 24 * 3600 },
      reconnectPeriod: 1_000,
      connectTimeout: 10_000,
      ...(m.username ? { username: m.username } : {}),
      ...(m.password ? { password: m.password } : {}),
    });
    this.#mqtt = client;
    // Backpressure: MQTT.js reads the next packet (and sends the PUBACK) only after this callback,
    // so holding it while history is over its high-water mark slows the broker down instead of
    // buffering without bound. Installed before CONNACK: a resumed session delivers at once.
    // PUBACKs (and responses) of one event-loop turn leave in one write: corking the socket until
    // setImmediate turns thousands of tiny writes a second into a few large ones.
    let corked = false;
    client.handleMessage = (packet, done) => {
      if (!corked) {
        corked = true;
        const stream = client.stream;
        stream.cork();
        setImmediate(() => {
          corked = false;
          stream.uncork();
        });
      }
      ingest.handle(packet.topic, packet.payload as Buffer, Date.now());
      if (!this.history.saturated) return done();
      this.metrics.backpressure.inc();
      void this.history.waitForRoom().then(() => done());
    };
    // Only the first connection may fail the start; later errors belong to MQTT.js's reconnect loop.
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => {
        clearTimeout(timer);
        client.removeListener('connect', ok);
        client.end(true);
        reject(
          new PlatformError(
            'BROKER_UNAVAILABLE',
            `Cannot connect to the broker at ${m.url}: ${err.message}. Check the URL and credentials.`,
            { cause: err },
          ),
        );
      };
      const ok = () => {
        clearTimeout(timer);
        client.removeListener('error', fail);
        resolve();
      };
      const timer = setTimeout(() => fail(new Error('no CONNACK within 15 s')), 15_000);
      client.once('connect', ok);
      client.once('error', fail);
    });
    client.on('error', (err) => this.log.warn({ err }, 'mqtt error'));
    client.on('offline', () => this.log.warn('broker unreachable; reconnecting'));
    client.on('connect', () => this.log.info('connected to the broker'));
    await client.subscribeAsync(this.#filters(), { qos: 1, nl: true });
  }

  /** One filter per kind and profile; the twinbench namespace as a whole, so unknown kinds there are seen and counted. */
  #filters(): Record<string, { qos: 1; nl: true }> {
    const out: Record<string, { qos: 1; nl: true }> = {};
    const add = (f: string) => (out[f] = { qos: 1, nl: true });
    for (const f of SHADOW_REQUEST_FILTERS) add(f);
    for (const p of this.profiles) {
      if (p.name === 'twinbench') add(`${TB_PREFIX}/#`);
      else for (const f of p.subscriptions()) add(f);
    }
    return out;
  }

  #publish(topic: string, payload: string, qos: 0 | 1 = 0): void {
    if (!this.#mqtt)
      throw new PlatformError('BROKER_UNAVAILABLE', 'the platform is not connected to the broker yet');
    this.#mqtt.publish(topic, payload, { qos });
  }

  /** Publishes a command (QoS 1) and tracks it; a retry with the same id returns the tracked record. */
  sendCommand(
    deviceId: string,
    req: { id?: string; name: string; params?: Record<string, unknown>; timeoutMs?: number },
  ): { record: CommandRecord; created: boolean } {
    const device = this.store.registry.require(deviceId);
    if (device.type === 'generic') {
      throw new PlatformError(
        'NO_TYPE',
        `Device '${deviceId}' has no type, so its commands are unknown; set its type with PATCH /devices/${deviceId}.`,
      );
    }
    const params = req.params ?? {};
    const checked = parseCommandRequest(device.type, req.name, params);
    if (!checked.ok) throw new PlatformError('INVALID_COMMAND', checked.errors.join('; '));
    const profile = this.profiles.find((p) => p.name === device.profile) ?? this.profiles[0];
    if (!profile) throw new PlatformError('BAD_CONFIG', 'no topic profile is configured');
    const id = req.id ?? randomUUID();
    const result = this.store.commands.create({
      id,
      deviceId,
      name: req.name,
      params,
      ...(req.timeoutMs ? { timeoutMs: req.timeoutMs } : {}),
    });
    if (result.created) {
      this.#publish(
        profile.topicFor('command', deviceId),
        JSON.stringify({ id, name: req.name, params, ts: this.store.now() }),
        1,
      );
    }
    return result;
  }

  async stop(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    if (this.#mqtt) await this.#mqtt.endAsync();
    this.#mqtt = undefined;
    const complete = await this.history.close(10_000);
    if (!complete)
      this.log.error(
        { left: this.history.depth },
        'history not fully written at shutdown (InfluxDB unreachable)',
      );
    this.#detachSink?.();
  }
}
