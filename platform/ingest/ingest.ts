import type { Logger } from 'pino';
import {
  isValidDeviceId,
  parseCommandResponse,
  parseEvent,
  parseShadowTopic,
  parseStatus,
  parseTelemetry,
  type DeviceType,
  type TopicProfile,
} from '../../twin/index.ts';
import type { PlatformMetrics } from '../plugins/metrics.ts';
import type { DeviceRecord } from '../registry/registry.ts';
import type { TwinStore } from '../twins/twin-store.ts';
import { birthDetails, detailsPatch } from './birth-details.ts';
import type { Rejections } from './rejections.ts';
import type { ShadowGateway } from './shadow-gateway.ts';

export interface IngestOptions {
  store: TwinStore;
  profiles: readonly TopicProfile[];
  shadows: ShadowGateway;
  rejections: Rejections;
  metrics: PlatformMetrics;
  log: Logger;
  registration: 'auto' | 'reject';
  maxPayloadBytes: number;
  /** Publishes a notice to a device (rejections of its messages). */
  publish: (topic: string, payload: string) => void;
}

type ProfileKind = 'telemetry' | 'events' | 'status' | 'commandResponse';

/**
 * Turns device messages into twin changes: classify the topic, check size and JSON, find or
 * register the device, validate against its type, apply. Every failure is a counted rejection;
 * nothing is half-applied, nothing throws out of here.
 */
export class Ingest {
  readonly #o: IngestOptions;

  constructor(options: IngestOptions) {
    this.#o = options;
  }

  handle(topic: string, payload: Buffer, arrivalMs: number): void {
    try {
      this.#handle(topic, payload, arrivalMs);
    } catch (err) {
      this.#o.log.error({ err, topic }, 'ingest failed on a message; it was dropped');
      this.#o.rejections.reject('invalid_payload', {
        topic,
        message: `internal error: ${(err as Error).message}`,
      });
    }
  }

  #handle(topic: string, payload: Buffer, arrivalMs: number): void {
    const { metrics, rejections } = this.#o;
    const shadowTarget = parseShadowTopic(topic);
    if (shadowTarget) {
      metrics.messagesIn.inc({ kind: `shadow_${shadowTarget.op}` });
      this.#o.shadows.handleMqtt(shadowTarget, payload);
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
    const notify = (reason: string, message: string) =>
      this.#o.publish(
        `${topic}/rejected`,
        JSON.stringify({ code: 400, reason, message, timestamp: Math.floor(arrivalMs / 1000) }),
      );
    if (!isValidDeviceId(deviceId)) {
      rejections.reject('invalid_device_id', { topic, message: `device id '${deviceId}' is not valid` });
      return;
    }
    if (payload.length > this.#o.maxPayloadBytes) {
      const message = `payload of ${payload.length} bytes is over the ${this.#o.maxPayloadBytes}-byte limit; send smaller messages`;
      rejections.reject('oversized', { deviceId, topic, message });
      notify('oversized', message);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch (err) {
      const message = `payload is not JSON (${(err as Error).message})`;
      rejections.reject('malformed_json', { deviceId, topic, message });
      notify('malformed_json', message);
      return;
    }
    this.#o.store.liveness.seen(deviceId, arrivalMs);
    if (kind === 'status') return this.#status(deviceId, profile, body, arrivalMs, topic, notify);
    const device = this.#deviceFor(deviceId, profile, undefined, arrivalMs, topic);
    if (!device) return;
    if (kind === 'telemetry') this.#telemetry(device, body, arrivalMs, topic, notify);
    else if (kind === 'events') this.#event(device, body, arrivalMs, topic, notify);
    else this.#commandResponse(device, body, topic, notify);
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
    announcedType: DeviceType | undefined,
    ts: number,
    topic: string,
  ): DeviceRecord | undefined {
    const { registry } = this.#o.store;
    const existing = registry.get(deviceId);
    if (existing) {
      if (existing.type === 'generic' && announcedType)
        return registry.update(deviceId, { type: announcedType });
      return existing;
    }
    if (this.#o.registration === 'reject') {
      this.#o.rejections.reject('unknown_device', {
        deviceId,
        topic,
        message: `device ${deviceId} is not registered and the registration policy is 'reject'; register it with POST /devices`,
      });
      return undefined;
    }
    const type = announcedType ?? (profile.spec.deviceType as DeviceType | undefined);
    if (!type) {
      this.#o.rejections.reject('no_type', {
        deviceId,
        topic,
        message: `device ${deviceId} is unknown and did not say its type: publish a status message with "type" first, register it with POST /devices, or give the topic profile a deviceType`,
      });
      return undefined;
    }
    return registry.add({
      id: deviceId,
      type,
      name: deviceId,
      tags: {},
      profile: profile.name,
      registeredAt: ts,
      registeredBy: 'first_contact',
    });
  }

  #status(
    deviceId: string,
    profile: TopicProfile,
    body: unknown,
    ts: number,
    topic: string,
    notify: (r: string, m: string) => void,
  ): void {
    const parsed = parseStatus(body);
    if (!parsed.ok) {
      const message = parsed.errors.join('; ');
      this.#o.rejections.reject('invalid_payload', { deviceId, topic, message });
      notify('invalid_payload', message);
      return;
    }
    const status = parsed.value;
    const device = this.#deviceFor(deviceId, profile, status.type, ts, topic);
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
    this.#o.store.liveness.status(deviceId, status.online, reason, ts);
  }

  #telemetry(
    device: DeviceRecord,
    body: unknown,
    arrivalMs: number,
    topic: string,
    notify: (r: string, m: string) => void,
  ): void {
    if (device.type === 'generic') {
      const message = `device ${device.id} has no type, so its telemetry cannot be checked; announce the type in a status message or PATCH /devices/${device.id}`;
      this.#o.rejections.reject('no_type', { deviceId: device.id, topic, message });
      notify('no_type', message);
      return;
    }
    const parsed = parseTelemetry(device.type, body);
    if (!parsed.ok) {
      const message = parsed.errors.join('; ');
      this.#o.rejections.reject('invalid_payload', { deviceId: device.id, topic, message });
      notify('invalid_payload', message);
      return;
    }
    const t = parsed.value;
    const change = {
      ts: t.ts ?? arrivalMs,
      ...(t.ts === undefined ? { arrivalTime: true } : {}),
      fields: t.fields as Record<string, number | boolean | string>,
      ...(t.seq !== undefined ? { seq: t.seq } : {}),
      ...(t.sent !== undefined ? { sent: t.sent } : {}),
    };
    this.#o.store.applyTelemetry(device.id, change);
    const now = Date.now();
    this.#o.metrics.ingestLatency.observe((now - arrivalMs) / 1000);
    if (t.sent !== undefined) this.#o.metrics.publishLatency.observe(Math.max(0, now - t.sent) / 1000);
  }

  #event(
    device: DeviceRecord,
    body: unknown,
    arrivalMs: number,
    topic: string,
    notify: (r: string, m: string) => void,
  ): void {
    const parsed = parseEvent(body);
    if (!parsed.ok) {
      const message = parsed.errors.join('; ');
      this.#o.rejections.reject('invalid_payload', { deviceId: device.id, topic, message });
      notify('invalid_payload', message);
      return;
    }
    const event = parsed.value as { ts?: number; type: string } & Record<string, unknown>;
    this.#o.store.bus.emit({ kind: 'event', deviceId: device.id, ts: event.ts ?? arrivalMs, event });
  }

  #commandResponse(
    device: DeviceRecord,
    body: unknown,
    topic: string,
    notify: (r: string, m: string) => void,
  ): void {
    const parsed = parseCommandResponse(body);
    if (!parsed.ok) {
      const message = parsed.errors.join('; ');
      this.#o.rejections.reject('invalid_payload', { deviceId: device.id, topic, message });
      notify('invalid_payload', message);
      return;
    }
    const record = this.#o.store.commands.respond(device.id, parsed.value);
    if (!record) {
      this.#o.rejections.reject('unknown_command', {
        deviceId: device.id,
        topic,
        message: `response for command ${parsed.value.id}, which ${device.id} was never sent`,
      });
    }
  }
}
