/**
 * One simulated device driven step by step from outside (a load-test virtual user drives one of these):
 * the same model, seeded identity, topic profile, birth message, last will, shadow and command handling
 * as a fleet's device, but nothing happens on its own clock. The driver says when to connect, publish
 * and disconnect; the device answers commands and shadow deltas by itself, as hardware would.
 *
 * It runs on real time (a load test measures a real platform). Every telemetry message carries the
 * contract's `seq` (from 1 per device) and `sent` (wall clock), so a run can count loss exactly and time
 * publish → twin.
 */
import {
  builtinProfile,
  compileProfile,
  shadowDeltaTopic,
  shadowResponseTopic,
  shadowTopic,
  type DeviceType,
  type TopicKind,
  type TopicProfile,
} from '../../twin/index.ts';
import { handleCommand, type CommandTarget } from '../device/command-handler.ts';
import {
  birthPayload,
  eventPayload,
  LAST_WILL,
  offlinePayload,
  telemetryPayload,
} from '../device/payloads.ts';
import { handleDelta, handleGetAccepted, type ShadowTarget } from '../device/shadow-handler.ts';
import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';
import type { DeviceIdentity } from '../fleet/identities.ts';
import { deviceLogin, parseBrokerUrl } from '../fleet/options.ts';
import { createModel, derive, Rng, type AnyDeviceModel, type TelemetryRecord } from '../models/index.ts';
import type { CloseReason, LeanClientContext, LeanClientHandler } from '../mqtt/client-types.ts';
import { LeanMqttClient } from '../mqtt/lean-client.ts';
import { loadIdentity } from './identities.ts';
import { DEVICE_API_DEFAULTS, type DeviceApiOptions } from './options.ts';
import { sharedClientContext } from './client-context.ts';

/** What the driver hears from its device (all optional). */
export interface DrivenDeviceListener {
  /** The platform refused a message (`<topic>/rejected`): `reason` is the notice's `reason`. */
  rejected?(reason: string, topic: string): void;
  /** A shadow delta arrived (the device has applied what it could). */
  delta?(state: Record<string, unknown>): void;
  /** The connection dropped without being asked to (`reason` as the lean client says). */
  dropped?(reason: CloseReason, error?: Error): void;
}

/** Counts of one device since it was created. */
export interface DrivenDeviceStats {
  /** Every PUBLISH handed to the connection (telemetry, events, status, shadow, command responses). */
  published: number;
  /** Telemetry messages (= the last `seq`). */
  telemetry: number;
  /** QoS 1 publishes; those no longer pending were acknowledged by the broker. */
  qos1: number;
  /** Rejection notices received. */
  rejected: number;
  /** Shadow deltas received. */
  deltas: number;
  /** Commands received. */
  commands: number;
}

const RNG_COMMAND = 3;

function resolveProfile(p: DeviceApiOptions['profile']): TopicProfile {
  if (p === undefined) return builtinProfile(DEVICE_API_DEFAULTS.profile);
  return typeof p === 'string' ? builtinProfile(p) : compileProfile(p);
}

export class DrivenDevice implements LeanClientHandler, CommandTarget, ShadowTarget {
  readonly identity: DeviceIdentity;
  readonly model: AnyDeviceModel;
  readonly profile: TopicProfile;
  readonly stats: DrivenDeviceStats = {
    published: 0,
    telemetry: 0,
    qos1: 0,
    rejected: 0,
    deltas: 0,
    commands: 0,
  };
  readonly commandLatencyMs: number;
  readonly commandFailureRate: number;
  listener: DrivenDeviceListener = {};
  private readonly client: LeanMqttClient;
  private readonly telemetryQos: 0 | 1;
  private readonly telemetryTopic: string;
  private readonly timers = new Set<NodeJS.Timeout>();
  private up = false;
  private closing = false;
  private lastTs = -Infinity;
  private reportedJson: string | undefined;
  private held: (() => void)[] | undefined;
  private rng: Rng | undefined;
  private waiting: { resolve: () => void; reject: (e: Error) => void } | undefined;

  constructor(options: DeviceApiOptions) {
    const o = { ...DEVICE_API_DEFAULTS, ...options };
    if (!Number.isInteger(o.index) || o.index < 0) {
      throw new SimulatorError(
        SIMULATOR_ERROR_CODES.BAD_OPTIONS,
        `device index ${String(o.index)} is not an integer >= 0; give each driven device its own index`,
      );
    }
    this.profile = resolveProfile(options.profile);
    this.identity = loadIdentity({
      seed: o.seed,
      site: o.site,
      type: o.type,
      index: o.index,
      idPrefix: o.idPrefix,
      tags: o.tags ?? {},
    });
    this.model = createModel(o.type, {
      ...o.modelOptions,
      seed: this.identity.seed,
      startMs: Date.now(),
      fwVersion: this.identity.fwVersion,
    } as never);
    this.commandLatencyMs = o.commandLatencyMs;
    this.commandFailureRate = o.commandFailureRate;
    this.telemetryQos = o.telemetryQos;
    this.telemetryTopic = this.profile.topicFor('telemetry', this.identity.id);
    const broker = parseBrokerUrl({
      mqttUrl: o.mqttUrl,
      ...(o.deviceSecret ? { deviceSecret: o.deviceSecret } : {}),
    });
    const p = this.profile;
    this.client = new LeanMqttClient(
      {
        host: broker.host,
        port: broker.port,
        clientId: this.identity.id,
        ...deviceLogin(broker, this.identity.id),
        keepaliveS: o.keepaliveS,
        will: p.spec.status
          ? { topic: p.topicFor('status', this.identity.id), payload: LAST_WILL, qos: 1, retain: true }
          : undefined,
      },
      this,
      options.client ?? sharedClientContext(),
    );
  }

  get id(): string {
    return this.identity.id;
  }
  get type(): DeviceType {
    // The load engine drives built-in types only (its config checks isDeviceType).
    return this.identity.type as DeviceType;
  }
  get connected(): boolean {
    return this.up;
  }
  /** seq of the last telemetry message (= telemetry messages sent). */
  get seq(): number {
    return this.stats.telemetry;
  }
  /** QoS 1 messages the broker has acknowledged. */
  get acknowledged(): number {
    return this.stats.qos1 - this.client.pending;
  }
  /** QoS 1 messages not yet acknowledged. */
  get pending(): number {
    return this.client.pending;
  }

  now(): number {
    return Date.now();
  }

  /**
   * Connects, subscribes and announces the device (retained birth, reported shadow, shadow get).
   * Resolves with the real ms from the TCP connect to the SUBACK; rejects with a SimulatorError when the
   * connection fails first (refused, no CONNACK within the context's connectTimeoutMs, socket error).
   */
  connect(): Promise<number> {
    if (this.up || this.waiting) {
      return Promise.reject(
        new SimulatorError(
          SIMULATOR_ERROR_CODES.BAD_OPTIONS,
          `${this.id} is already connected or connecting`,
        ),
      );
    }
    const started = performance.now();
    this.closing = false;
    return new Promise<number>((resolve, reject) => {
      this.waiting = { resolve: () => resolve(performance.now() - started), reject };
      this.client.connect();
    });
  }

  onConnect(): void {
    this.up = true;
    const id = this.id;
    const p = this.profile;
    const filters = [
      shadowDeltaTopic(id),
      shadowResponseTopic(id, 'get', 'accepted'),
      `${this.telemetryTopic}/rejected`,
    ];
    if (p.spec.command) filters.unshift(p.topicFor('command', id));
    if (p.spec.events) filters.push(`${p.topicFor('events', id)}/rejected`);
    this.client.subscribe(filters, 1);
    if (p.spec.status) {
      this.transmit(
        p.topicFor('status', id),
        birthPayload(this.identity, this.identity.fwVersion, this.now()),
        1,
        true,
      );
    }
    this.reportShadow(true);
    this.transmit(shadowTopic(id, 'get'), '{}', 1, false);
  }

  onSuback(_messageId: number, granted: number[]): void {
    const w = this.waiting;
    this.waiting = undefined;
    if (granted.some((g) => g === 0x80)) {
      w?.reject(
        new SimulatorError(
          SIMULATOR_ERROR_CODES.CONNECT_REFUSED,
          `${this.id}: the broker refused a subscription (SUBACK ${granted.join(',')}); check its ACL`,
        ),
      );
      return;
    }
    w?.resolve();
  }

  onMessage(topic: string, payload: Buffer): void {
    const id = this.id;
    const p = this.profile;
    if (topic.endsWith('/rejected')) {
      this.stats.rejected++;
      this.listener.rejected?.(rejectionReason(payload), topic);
    } else if (p.spec.command && topic === p.topicFor('command', id)) {
      this.stats.commands++;
      handleCommand(this, payload);
    } else if (topic === shadowDeltaTopic(id)) {
      handleDelta(this, payload);
      this.listener.delta?.(deltaState(payload));
    } else if (topic === shadowResponseTopic(id, 'get', 'accepted')) {
      handleGetAccepted(this, payload);
    }
  }

  onClose(reason: CloseReason, error?: Error): void {
    const wasUp = this.up;
    this.up = false;
    const w = this.waiting;
    this.waiting = undefined;
    if (w) {
      w.reject(
        error instanceof SimulatorError
          ? error
          : new SimulatorError(
              SIMULATOR_ERROR_CODES.CONNECT_FAILED,
              `${this.id} could not connect (${error?.message ?? reason}); is the broker up?`,
              { cause: error },
            ),
      );
    } else if (wasUp && !this.closing && reason !== 'requested') {
      this.listener.dropped?.(reason, error);
    }
  }

  /**
   * Publishes a telemetry message of the model now (fields overridden or added by `fields`):
   * `{ ts, seq, sent, fields }`. Returns what it sent.
   */
  publishTelemetry(fields?: TelemetryRecord): { seq: number; sent: number } {
    this.sync();
    const record = fields ? { ...this.model.telemetry(), ...fields } : this.model.telemetry();
    return this.publishEnvelope(record);
  }

  /**
   * Publishes your own payload on the profile's topic of `kind`. Telemetry objects become the contract's
   * envelope with this device's `seq` and `sent` (and `ts` unless given): an object with `fields` is used
   * as is, any other object is taken as the fields. Strings go out untouched (and are not counted as
   * telemetry: no seq).
   */
  publishTemplate(
    kind: Exclude<TopicKind, 'command'>,
    payload: string | Record<string, unknown>,
  ): { seq: number; sent: number } {
    if (kind === 'telemetry' && typeof payload === 'object') {
      const fields = (
        typeof payload.fields === 'object' && payload.fields !== null ? payload.fields : payload
      ) as TelemetryRecord;
      return this.publishEnvelope(fields, typeof payload.ts === 'number' ? payload.ts : undefined);
    }
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const qos = kind === 'telemetry' ? this.telemetryQos : 1;
    this.transmit(this.profile.topicFor(kind, this.id), body, qos, kind === 'status');
    return { seq: this.seq, sent: Date.now() };
  }

  private publishEnvelope(fields: TelemetryRecord, ts?: number): { seq: number; sent: number } {
    this.lastTs = Math.max(ts ?? this.now(), this.lastTs + 1); // two readings never share a timestamp
    const seq = ++this.stats.telemetry;
    const sent = Date.now();
    this.transmit(
      this.telemetryTopic,
      telemetryPayload(this.lastTs, seq, sent, fields),
      this.telemetryQos,
      false,
    );
    if (this.held) this.wakeHeld();
    return { seq, sent };
  }

  /** Resolves true once every QoS 1 message is acknowledged, false after `timeoutMs`. */
  async waitForAcks(timeoutMs: number): Promise<boolean> {
    if (this.client.pending === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.client.waitForRoom(0).then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Goes away: `clean` publishes an offline status and sends DISCONNECT (no will); otherwise the socket
   * drops and the broker fires the last will. Pending command answers are cancelled.
   */
  async disconnect(clean: boolean): Promise<void> {
    this.closing = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const p = this.profile;
    if (clean && this.up && p.spec.status) {
      this.transmit(p.topicFor('status', this.id), offlinePayload(this.now()), 1, true);
    }
    await this.client.end(clean);
    this.up = false;
  }

  // --- what the command and shadow handlers need ---

  respond(body: object): void {
    const p = this.profile;
    if (p.spec.commandResponse)
      this.transmit(p.topicFor('commandResponse', this.id), JSON.stringify(body), 1, false);
  }
  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }
  commandRng(): Rng {
    return (this.rng ??= new Rng(derive(this.identity.seed, 1000 + RNG_COMMAND)));
  }
  afterChange(): void {
    this.sync();
    if (!this.up) return;
    this.reportShadow();
    this.publishTelemetry();
  }
  asleep(): boolean {
    return this.model.type === 'env_sensor' && this.model.reported().deep_sleep === true;
  }
  hold(run: () => void): void {
    (this.held ??= []).push(run);
  }
  intervalChanged(): void {
    // The driver sets the pace of publishing: a new interval is reported, not followed.
  }
  countDelta(): void {
    this.stats.deltas++;
  }
  error(_message: string): void {
    // A malformed command or delta from the platform: the handlers already answered or ignored it.
  }

  private wakeHeld(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const run of held) run();
  }

  /** Moves the model to now and publishes its events. */
  private sync(): void {
    const p = this.profile;
    for (const e of this.model.advance(this.now())) {
      if (p.spec.events && this.up)
        this.transmit(p.topicFor('events', this.id), eventPayload(e, 0), 1, false);
    }
  }

  private reportShadow(force = false): void {
    const json = JSON.stringify(this.model.reported());
    if (!force && json === this.reportedJson) return;
    this.reportedJson = json;
    this.transmit(shadowTopic(this.id, 'update'), `{"state":{"reported":${json}}}`, 1, false);
  }

  private transmit(topic: string, payload: string, qos: 0 | 1, retain: boolean): void {
    if (!this.client.publish(topic, payload, qos, retain)) return;
    this.stats.published++;
    if (qos === 1) this.stats.qos1++;
  }
}

function rejectionReason(payload: Buffer): string {
  try {
    const v = JSON.parse(payload.toString('utf8')) as { reason?: unknown };
    return typeof v.reason === 'string' && /^[a-z_]{1,40}$/.test(v.reason) ? v.reason : 'unknown';
  } catch {
    return 'unknown';
  }
}

function deltaState(payload: Buffer): Record<string, unknown> {
  try {
    const v = JSON.parse(payload.toString('utf8')) as { state?: unknown };
    return typeof v.state === 'object' && v.state !== null ? (v.state as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Creates a device (not yet connected): `await device.connect()` next. */
export function openDevice(options: DeviceApiOptions): DrivenDevice {
  return new DrivenDevice(options);
}

export type { LeanClientContext };
