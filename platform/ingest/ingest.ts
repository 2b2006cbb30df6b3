import type { FastifyBaseLogger as Logger } from 'fastify';
import {
  GENERIC_DEVICE_TYPE,
  birthDetails,
  isKnownDeviceType,
  isValidDeviceId,
  parseCommandResponse,
  parseEvent,
  isGatewayInbound,
  matchGatewayTopic,
  parseShadowTopic,
  parseStatus,
  parseTelemetry,
  type GatewayInboundKind,
  type Result,
  type TopicProfile,
} from '../../twin/index.ts';
import type { CommandTracker } from '../commands/tracker.ts';
import type { PlatformMetrics } from '../plugins/metrics.ts';
import type { DeviceRecord } from '../registry/registry.ts';
import type { ShadowGateway } from '../shadows/shadow-gateway.ts';
import type { TwinStore } from '../twins/twin-store.ts';
import { nameProblem } from '../../runtime/index.ts';
import { detailsPatch } from './birth-details.ts';
import type { DeviceLimits } from './device-limits.ts';
import { jsonDepth } from './json-depth.ts';
import { MappingIngest } from './mapping-ingest.ts';
import type { RejectReason, Rejections } from './rejections.ts';

export interface IngestOptions {
  store: TwinStore;
  commands: CommandTracker;
  profiles: readonly TopicProfile[];
  shadows: ShadowGateway;
  rejections: Rejections;
  metrics: PlatformMetrics;
  log: Logger;
  registration: 'auto' | 'reject';
  maxPayloadBytes: number;
  /** Deepest nesting of objects and arrays in a message, checked on its bytes before it is parsed. */
  maxJsonDepth: number;
  /** Devices registered on first contact stop being added past this many (`device_limit`). */
  maxDevices: number;
  /** Publishes a notice to a device (rejections of its messages). */
  publish: (topic: string, payload: string) => void;
  /** Takes the messages gateways publish about their children (`tb/v1/{gw}/children/…`, platform/gateways). */
  gateways?: {
    handle(
      gatewayId: string,
      kind: GatewayInboundKind,
      topic: string,
      payload: Buffer,
      arrivalMs: number,
    ): void;
  };
  /** Per-device message and byte rates (registered devices). */
  limits?: DeviceLimits;
}

type ProfileKind = 'telemetry' | 'events' | 'status' | 'commandResponse' | 'heartbeat';

/** One device message being handled; `refuse` counts, logs and tells the device why. */
interface Msg {
  topic: string;
  arrivalMs: number;
  refuse: (reason: RejectReason, message: string) => void;
}

/** The value of a validation result, or undefined after refusing the message with its errors. */
function valid<T>(result: Result<T>, msg: Msg): T | undefined {
  if (result.ok) return result.value;
  msg.refuse('invalid_payload', result.errors.join('; '));
  return undefined;
}

/**
 * Turns device messages into twin changes: classify the topic, check size and JSON, find or
 * register the device, validate against its type, apply. Every failure is a counted rejection;
 * nothing is half-applied, nothing throws out of here.
 */
export class Ingest {
  readonly #o: IngestOptions;
  /** Payload mappings of profiles that have one (mapping-ingest.ts); keeps their device metadata. */
  readonly mapping: MappingIngest;

  constructor(options: IngestOptions) {
    this.#o = options;
    this.mapping = new MappingIngest({ registry: options.metrics.registry, log: options.log });
    // Twins restored from history keep their profile's own offline timeout, not only after their next message.
    const timeouts = new Map(
      options.profiles.flatMap((p) => (p.liveness ? [[p.name, p.liveness] as const] : [])),
    );
    if (timeouts.size > 0) {
      for (const d of options.store.registry.list()) {
        const t = timeouts.get(d.profile);
        if (t) options.store.liveness.adoptTimeout(d.id, t);
      }
    }
  }

  handle(topic: string, payload: Buffer, arrivalMs: number): void {
    try {
      this.#handle(topic, payload, arrivalMs);
    } catch (err) {
      // A bug: counted as internal_error and logged at error level, at most once per interval.
      this.#o.rejections.internal(err, { topic });
    }
  }

  #handle(topic: string, payload: Buffer, arrivalMs: number): void {
    const { metrics, rejections } = this.#o;
    const shadowTarget = parseShadowTopic(topic);
    if (shadowTarget) {
      metrics.messagesIn.inc({ kind: `shadow_${shadowTarget.op}` });
      this.#o.shadows.handleMqtt(topic, shadowTarget, payload);
      return;
    }
    const child = this.#o.gateways ? matchGatewayTopic(topic) : undefined;
    if (child) {
      // The platform's own messages to gateways (commands, deltas, refusals) come back on tb/v1/#.
      if (isGatewayInbound(child.kind))
        this.#o.gateways?.handle(child.gatewayId, child.kind, topic, payload, arrivalMs);
      return;
    }
    const match = this.#match(topic);
    if (!match) {
      metrics.messagesIn.inc({ kind: 'unknown' });
      rejections.reject('unknown_topic', { topic, message: `no topic profile knows ${topic}` });
      return;
    }
    const { kind, deviceId, profile } = match;
    metrics.messagesIn.inc({ kind });
    const msg: Msg = {
      topic,
      arrivalMs,
      refuse: (reason, message) => {
        rejections.reject(reason, { deviceId, topic, message });
        this.#o.publish(
          `${topic}/rejected`,
          JSON.stringify({ code: 400, reason, message, timestamp: Math.floor(arrivalMs / 1000) }),
        );
      },
    };
    if (!isValidDeviceId(deviceId)) {
      rejections.reject('invalid_device_id', {
        topic,
        message: `device id '${deviceId}' is not valid: use 1 to 128 characters from A-Z a-z 0-9 _ . : -`,
      });
      return;
    }
    const { limits } = this.#o;
    if (limits?.enabled && this.#o.store.registry.get(deviceId)) {
      const limited = limits.check(deviceId, payload.length, arrivalMs);
      if (limited) {
        // Counted every time; the device is told at most once a second (a flood is not echoed back).
        if (limited.notify) msg.refuse(limited.reason, limited.message);
        else rejections.reject(limited.reason, { deviceId, topic, message: limited.message });
        return;
      }
    }
    if (payload.length > this.#o.maxPayloadBytes) {
      msg.refuse(
        'oversized',
        `payload of ${payload.length} bytes is over the ${this.#o.maxPayloadBytes}-byte limit; send smaller messages`,
      );
      return;
    }
    const { maxJsonDepth } = this.#o;
    if (jsonDepth(payload, maxJsonDepth) > maxJsonDepth) {
      msg.refuse(
        'too_deep',
        `payload nests objects and arrays more than ${maxJsonDepth} levels deep; send flatter messages`,
      );
      return;
    }
    if (kind === 'heartbeat') return this.#heartbeat(deviceId, profile, payload, msg);
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch (err) {
      // twin owns what a status may be: its bare forms (`online`/`offline`, common as last wills of
      // foreign conventions) are not JSON, so a status that is not JSON is twin's to judge first.
      if (kind === 'status' && parseStatus(payload).ok) return this.#status(deviceId, profile, payload, msg);
      msg.refuse('malformed_json', `payload is not JSON (${(err as Error).message})`);
      return;
    }
    // A status message sets liveness itself (a last will must not count as a sign of life), and only
    // registered devices have liveness (a refused stranger is not "online").
    if (kind === 'status') return this.#status(deviceId, profile, body, msg);
    // A mapped telemetry message may name its type (a `deviceType` key rule): it registers like a birth.
    const announced = kind === 'telemetry' ? profile.mapping?.inbound.typeOf(body) : undefined;
    const device = this.#deviceFor(
      deviceId,
      profile,
      announced !== undefined && isKnownDeviceType(announced) ? announced : undefined,
      msg,
    );
    if (!device) return;
    this.#o.store.liveness.seen(deviceId, arrivalMs, profile.liveness);
    if (kind === 'telemetry') this.#telemetry(device, body, msg, profile);
    else if (kind === 'events') this.#event(device, body, msg);
    else this.#commandResponse(device, body, msg, profile);
  }

  #match(topic: string): { kind: ProfileKind; deviceId: string; profile: TopicProfile } | undefined {
    for (const profile of this.#o.profiles) {
      const m = profile.match(topic);
      if (m) return { kind: m.kind as ProfileKind, deviceId: m.deviceId, profile };
    }
    return undefined;
  }

  /** The registered device, registered now (policy auto, type known), or undefined after a rejection. */
  #deviceFor(
    deviceId: string,
    profile: TopicProfile,
    announcedType: string | undefined,
    msg: Msg,
  ): DeviceRecord | undefined {
    const { registry } = this.#o.store;
    const existing = registry.get(deviceId);
    if (existing) {
      if (existing.type === GENERIC_DEVICE_TYPE && announcedType)
        return registry.update(deviceId, { type: announcedType });
      return existing;
    }
    if (this.#o.registration === 'reject') {
      msg.refuse(
        'unknown_device',
        `device ${deviceId} is not registered and the registration policy is 'reject'; register it with POST /devices`,
      );
      return undefined;
    }
    if (registry.size >= this.#o.maxDevices) {
      msg.refuse(
        'device_limit',
        `device ${deviceId} is not registered and the platform already holds its maximum of ${this.#o.maxDevices} devices (config maxDevices); raise maxDevices, or register it with POST /devices`,
      );
      return undefined;
    }
    const type = announcedType ?? profile.spec.deviceType;
    if (!type) {
      msg.refuse(
        'no_type',
        `device ${deviceId} is unknown and did not say its type: publish a status message with "type" first, register it with POST /devices, or give the topic profile a deviceType`,
      );
      return undefined;
    }
    return registry.add({
      id: deviceId,
      type,
      name: deviceId,
      tags: {},
      profile: profile.name,
      registeredAt: msg.arrivalMs,
      registeredBy: 'first_contact',
    });
  }

  #status(deviceId: string, profile: TopicProfile, body: unknown, msg: Msg): void {
    // A profile may map status words ({"status":"online"}); details and reason still come from the body.
    const status = valid(parseStatus(profile.mapping?.inbound.statusOf(body) ?? body), msg);
    if (!status) return;
    const device = this.#deviceFor(deviceId, profile, status.type, msg);
    if (!device) return;
    const patch = detailsPatch(device, birthDetails(body)) ?? {};
    if (status.fw_version && status.fw_version !== device.fwVersion)
      Object.assign(patch, { fwVersion: status.fw_version });
    if (Object.keys(patch).length > 0) this.#o.store.registry.update(deviceId, patch);
    const reason =
      typeof (body as { reason?: unknown }).reason === 'string'
        ? String((body as { reason: string }).reason)
        : status.online
          ? 'connected'
          : 'offline';
    this.#o.store.liveness.status(deviceId, status.online, reason, msg.arrivalMs, profile.liveness);
  }

  #heartbeat(deviceId: string, profile: TopicProfile, payload: Buffer, msg: Msg): void {
    const device = this.#deviceFor(deviceId, profile, undefined, msg);
    if (!device) return;
    const r = this.mapping.heartbeat(profile, deviceId, payload, msg.arrivalMs);
    if (!r.ok) return msg.refuse('invalid_payload', r.errors.join('; '));
    this.#o.store.liveness.seen(deviceId, msg.arrivalMs, profile.liveness);
  }

  #telemetry(device: DeviceRecord, body: unknown, msg: Msg, profile: TopicProfile): void {
    if (device.type === GENERIC_DEVICE_TYPE) {
      msg.refuse(
        'no_type',
        `device ${device.id} has no type, so its telemetry cannot be checked; announce the type in a status message or PATCH /devices/${device.id}`,
      );
      return;
    }
    const t = valid(
      profile.mapping
        ? this.mapping.telemetry(profile, device.type, device.id, body, msg.arrivalMs)
        : parseTelemetry(device.type, body),
      msg,
    );
    if (!t) return;
    const { arrivalMs } = msg;
    this.#o.store.applyTelemetry(device.id, {
      ts: t.ts ?? arrivalMs,
      arrivalTime: t.ts === undefined,
      fields: t.fields as Record<string, number | boolean | string>,
      seq: t.seq,
      sent: t.sent,
    });
    const now = Date.now();
    this.#o.metrics.ingestLatency.observe((now - arrivalMs) / 1000);
    if (t.sent !== undefined) this.#o.metrics.publishLatency.observe(Math.max(0, now - t.sent) / 1000);
  }

  #event(device: DeviceRecord, body: unknown, msg: Msg): void {
    const parsed = valid(parseEvent(body), msg);
    if (!parsed) return;
    const event = parsed as { ts?: number; type: string } & Record<string, unknown>;
    // The type is a tag in history: what line protocol cannot carry is refused here, not in a batch.
    const problem = nameProblem(event.type);
    if (problem !== undefined) {
      msg.refuse('invalid_payload', `event type ${JSON.stringify(event.type.slice(0, 40))} ${problem}`);
      return;
    }
    this.#o.store.bus.emit({ kind: 'event', deviceId: device.id, ts: event.ts ?? msg.arrivalMs, event });
  }

  #commandResponse(device: DeviceRecord, body: unknown, msg: Msg, profile: TopicProfile): void {
    const response = valid(
      profile.mapping ? this.mapping.commandResponse(profile, body) : parseCommandResponse(body),
      msg,
    );
    if (!response) return;
    const record = this.#o.commands.respond(device.id, response);
    if (!record) {
      this.#o.rejections.reject('unknown_command', {
        deviceId: device.id,
        topic: msg.topic,
        message: `response for command ${response.id}, which ${device.id} was never sent`,
      });
    }
  }
}
