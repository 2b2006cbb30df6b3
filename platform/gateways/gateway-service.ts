import {
  GENERIC_DEVICE_TYPE,
  birthDetails,
  ShadowError,
  computeDelta,
  gatewayTopic,
  isKnownDeviceType,
  parseChildCommandResponse,
  parseChildConnect,
  parseChildDisconnect,
  parseChildEvent,
  parseChildShadowUpdate,
  parseChildStatus,
  parseChildTelemetry,
  parseTelemetry,
  type GatewayInboundKind,
  type Result,
  type TwinChange,
} from '../../twin/index.ts';
import { nameProblem } from '../../runtime/index.ts';
import type { CommandTracker } from '../commands/tracker.ts';
import type { RejectReason, Rejections } from '../ingest/rejections.ts';
import type { PlatformMetrics } from '../plugins/metrics.ts';
import type { DeviceRecord } from '../registry/registry.ts';
import type { ShadowGateway } from '../shadows/shadow-gateway.ts';
import type { TwinStore } from '../twins/twin-store.ts';
import { detailsPatch } from '../ingest/birth-details.ts';
import { ChildIndex } from './child-index.ts';

export interface GatewayServiceOptions {
  store: TwinStore;
  commands: CommandTracker;
  shadows: ShadowGateway;
  rejections: Rejections;
  metrics: PlatformMetrics;
  registration: 'auto' | 'reject';
  maxDevices: number;
  maxPayloadBytes: number;
  /** Publishes on the broker (QoS 1 for commands). */
  publish: (topic: string, payload: string, qos: 0 | 1) => void;
}

/** Liveness reasons this service gives (the stream and history show them). */
export const CHILD_REASONS = {
  gatewayOffline: 'gateway_offline',
  gatewayOnline: 'gateway_online',
} as const;

interface Msg {
  gatewayId: string;
  topic: string;
  arrivalMs: number;
}

/**
 * Children behind gateways as full twins: a gateway's messages about its children become the
 * children's registrations, liveness, telemetry, events, command responses and reported state; the
 * platform's commands and shadow deltas for a child go out on its gateway's topics. A gateway going
 * offline takes its children with it, and brings back those that did not leave on their own.
 */
export class GatewayService {
  readonly index: ChildIndex;
  readonly #o: GatewayServiceOptions;
  /** Children that said they left (disconnect, status offline): a returning gateway does not revive them. */
  readonly #left = new Set<string>();
  /** Children taken offline because their gateway went offline. */
  readonly #carried = new Set<string>();
  /** Time of each child's newest connect: a late connect through an old gateway does not move it back. */
  readonly #connectedAt = new Map<string, number>();

  constructor(options: GatewayServiceOptions) {
    this.#o = options;
    this.index = new ChildIndex(options.store.registry.list());
  }

  /** One message on `tb/v1/{gateway}/children/<kind>`. Never throws: failures are counted rejections. */
  handle(
    gatewayId: string,
    kind: GatewayInboundKind,
    topic: string,
    payload: Buffer,
    arrivalMs: number,
  ): void {
    const msg: Msg = { gatewayId, topic, arrivalMs };
    this.#o.metrics.messagesIn.inc({ kind: `child_${kind}` });
    if (payload.length > this.#o.maxPayloadBytes) {
      this.#refuse(
        msg,
        'oversized',
        `payload of ${payload.length} bytes is over the ${this.#o.maxPayloadBytes}-byte limit; send smaller batches`,
      );
      return;
    }
    try {
      const gateway = this.#o.store.registry.get(gatewayId);
      if (gateway) this.#o.store.liveness.seen(gatewayId, arrivalMs);
      switch (kind) {
        case 'connect':
          return this.#connect(payload, msg);
        case 'disconnect':
          return this.#disconnect(payload, msg);
        case 'status':
          return this.#status(payload, msg);
        case 'telemetry':
          return this.#telemetry(payload, msg);
        case 'events':
          return this.#event(payload, msg);
        case 'commandResponse':
          return this.#commandResponse(payload, msg);
        case 'shadowUpdate':
          return this.#shadowUpdate(payload, msg);
      }
    } catch (err) {
      this.#o.rejections.internal(err, { topic });
    }
  }

  /** Follows the twins: the child index, gateway liveness, and commands and deltas for children. */
  onChange(change: TwinChange): void {
    switch (change.kind) {
      case 'device':
        this.index.follow(change.device);
        return;
      case 'liveness':
        if (this.index.isGateway(change.deviceId)) this.#cascade(change.deviceId, change.online, change.ts);
        return;
      case 'shadow': {
        const gw = this.#gatewayOf(change.deviceId);
        const delta = change.state.delta;
        if (gw === undefined || change.shadowName !== undefined || change.deleted || !isObject(delta)) return;
        this.#sendDelta(gw, change.deviceId, delta, change.version, change.ts);
        return;
      }
      case 'command': {
        const c = change.command;
        const gw = this.#gatewayOf(c.deviceId);
        if (gw === undefined || c.status !== 'pending') return;
        this.#o.publish(
          gatewayTopic(gw, 'command'),
          JSON.stringify({ device: c.deviceId, id: c.id, name: c.name, params: c.params, ts: c.createdAt }),
          1,
        );
        return;
      }
      default:
        return;
    }
  }

  #gatewayOf(deviceId: string): string | undefined {
    return this.#o.store.registry.get(deviceId)?.gateway;
  }

  #connect(payload: Buffer, msg: Msg): void {
    const c = this.#valid(parseChildConnect(payload), msg);
    if (!c) return;
    const { registry, liveness } = this.#o.store;
    if (c.device === msg.gatewayId) {
      this.#refuse(msg, 'invalid_payload', `gateway ${msg.gatewayId} cannot be its own child`, c.device);
      return;
    }
    if (!isKnownDeviceType(c.type) || c.type === 'gateway') {
      this.#refuse(
        msg,
        'no_type',
        `child ${c.device} announces type ${JSON.stringify(c.type)}, which is not a device type a gateway can carry; use one of the platform's device types (GET /device-types)`,
        c.device,
      );
      return;
    }
    const at = c.ts ?? msg.arrivalMs;
    const newest = this.#connectedAt.get(c.device);
    const device = registry.get(c.device);
    // A device that reached the broker itself is nobody's child: a gateway may not speak for it
    // (under --device-auth the broker lets any gateway publish under its own children/ topics).
    if (device && device.gateway === undefined && device.registeredBy === 'first_contact') {
      this.#refuse(
        msg,
        'invalid_payload',
        `device ${c.device} connects to the broker itself, so gateway ${msg.gatewayId} cannot connect it as a child; give the child another id, or remove the device (DELETE /devices/${c.device}) if it has moved behind a gateway`,
        c.device,
      );
      return;
    }
    if (device && newest !== undefined && at < newest && device.gateway !== msg.gatewayId) {
      return; // an older connect through a gateway the child has since left
    }
    this.#connectedAt.set(c.device, at);
    if (!device) {
      const refusal = this.#admission(c.device);
      if (refusal) return this.#refuse(msg, refusal.reason, refusal.message, c.device);
      const details = birthDetails(c);
      registry.add({
        id: c.device,
        type: c.type,
        name: details.name ?? c.device,
        tags: details.tags ?? {},
        ...(details.location ? { location: details.location } : {}),
        profile: 'twinbench',
        ...(c.fw_version !== undefined ? { fwVersion: c.fw_version } : {}),
        gateway: msg.gatewayId,
        registeredAt: msg.arrivalMs,
        registeredBy: 'first_contact',
      });
    } else {
      const patch: Partial<DeviceRecord> = { ...detailsPatch(device, birthDetails(c)) };
      if (device.gateway !== msg.gatewayId) patch.gateway = msg.gatewayId;
      if (device.type === GENERIC_DEVICE_TYPE) patch.type = c.type;
      if (c.fw_version !== undefined && c.fw_version !== device.fwVersion) patch.fwVersion = c.fw_version;
      if (Object.keys(patch).length > 0) registry.update(c.device, patch);
    }
    this.#left.delete(c.device);
    this.#carried.delete(c.device);
    liveness.status(c.device, true, 'connected', msg.arrivalMs);
    // A child that slept or was away gets the desired state it has not reported yet.
    const shadow = this.#o.store.shadows.snapshot(c.device);
    if (shadow?.desired) {
      const delta = computeDelta(shadow.desired, shadow.reported ?? {});
      if (delta) this.#sendDelta(msg.gatewayId, c.device, delta, shadow.version, msg.arrivalMs);
    }
  }

  #disconnect(payload: Buffer, msg: Msg): void {
    const d = this.#valid(parseChildDisconnect(payload), msg);
    if (!d) return;
    const child = this.#child(d.device, msg);
    if (!child) return;
    // A child that moved on is not taken offline by the gateway it left.
    if (child.gateway !== msg.gatewayId) return;
    this.#left.add(d.device);
    this.#carried.delete(d.device);
    this.#o.store.liveness.status(d.device, false, d.reason ?? 'left', msg.arrivalMs);
  }

  #status(payload: Buffer, msg: Msg): void {
    const s = this.#valid(parseChildStatus(payload), msg);
    if (!s) return;
    for (const { device, online } of s.children) {
      const child = this.#child(device, msg);
      if (!child || child.gateway !== msg.gatewayId) continue;
      if (online) this.#left.delete(device);
      else this.#left.add(device);
      this.#carried.delete(device);
      this.#o.store.liveness.status(device, online, online ? 'connected' : 'disconnected', msg.arrivalMs);
    }
  }

  #telemetry(payload: Buffer, msg: Msg): void {
    const batch = this.#valid(parseChildTelemetry(payload), msg);
    if (!batch) return;
    const { store, metrics } = this.#o;
    for (const { device: id, ...reading } of batch.readings) {
      const child = this.#child(id, msg);
      if (!child) continue;
      if (child.type === GENERIC_DEVICE_TYPE) {
        this.#refuse(msg, 'no_type', `child ${id} has no type; connect it again with its type`, id);
        continue;
      }
      const t = parseTelemetry(child.type, reading);
      if (!t.ok) {
        this.#refuse(msg, 'invalid_payload', `child ${id}: ${t.errors.join('; ')}`, id);
        continue;
      }
      this.#left.delete(id);
      store.liveness.seen(id, msg.arrivalMs);
      store.applyTelemetry(id, {
        ts: t.value.ts ?? msg.arrivalMs,
        fields: t.value.fields as Record<string, number | boolean | string>,
        ...(t.value.seq !== undefined ? { seq: t.value.seq } : {}),
        ...(t.value.sent !== undefined ? { sent: t.value.sent } : {}),
      });
    }
    const now = Date.now();
    metrics.ingestLatency.observe((now - msg.arrivalMs) / 1000);
    if (batch.sent !== undefined) metrics.publishLatency.observe(Math.max(0, now - batch.sent) / 1000);
  }

  #event(payload: Buffer, msg: Msg): void {
    const e = this.#valid(parseChildEvent(payload), msg);
    if (!e) return;
    if (!this.#child(e.device, msg)) return;
    const problem = nameProblem(e.event.type);
    if (problem !== undefined) {
      this.#refuse(
        msg,
        'invalid_payload',
        `event type ${JSON.stringify(e.event.type.slice(0, 40))} ${problem}`,
        e.device,
      );
      return;
    }
    this.#o.store.liveness.seen(e.device, msg.arrivalMs);
    const event = e.event as { type: string; ts?: number } & Record<string, unknown>;
    this.#o.store.bus.emit({ kind: 'event', deviceId: e.device, ts: event.ts ?? msg.arrivalMs, event });
  }

  #commandResponse(payload: Buffer, msg: Msg): void {
    const r = this.#valid(parseChildCommandResponse(payload), msg);
    if (!r) return;
    const { device, ...response } = r;
    if (!this.#child(device, msg)) return;
    this.#o.store.liveness.seen(device, msg.arrivalMs);
    if (!this.#o.commands.respond(device, response)) {
      this.#o.rejections.reject('unknown_command', {
        deviceId: device,
        topic: msg.topic,
        message: `response for command ${response.id}, which ${device} was never sent`,
      });
    }
  }

  #shadowUpdate(payload: Buffer, msg: Msg): void {
    const u = this.#valid(parseChildShadowUpdate(payload), msg);
    if (!u) return;
    const { device, ...request } = u;
    if (!this.#child(device, msg)) return;
    try {
      this.#o.shadows.update(device, undefined, request);
      this.#o.store.liveness.seen(device, msg.arrivalMs);
    } catch (err) {
      if (!(err instanceof ShadowError)) throw err;
      this.#refuse(msg, 'shadow_rejected', `${err.statusCode} ${err.message}`, device, err.statusCode);
    }
  }

  /** The registered child, or undefined after refusing the message for it. */
  #child(id: string, msg: Msg): DeviceRecord | undefined {
    const child = this.#o.store.registry.get(id);
    if (child) return child;
    this.#refuse(
      msg,
      'unknown_device',
      `child ${id} of gateway ${msg.gatewayId} is not registered: publish a connect message for it first`,
      id,
      404,
    );
    return undefined;
  }

  /** Why a new child may not be registered now, if it may not. */
  #admission(id: string): { reason: RejectReason; message: string } | undefined {
    if (this.#o.registration === 'reject') {
      return {
        reason: 'unknown_device',
        message: `child ${id} is not registered and the registration policy is 'reject'; register it with POST /devices`,
      };
    }
    if (this.#o.store.registry.size >= this.#o.maxDevices) {
      return {
        reason: 'device_limit',
        message: `child ${id} is not registered and the platform already holds its maximum of ${this.#o.maxDevices} devices (config maxDevices)`,
      };
    }
    return undefined;
  }

  /** A gateway's liveness changed: its children follow (those that left on their own stay offline). */
  #cascade(gatewayId: string, online: boolean, ts: number): void {
    const { liveness } = this.#o.store;
    for (const child of this.index.childrenOf(gatewayId)) {
      if (this.#gatewayOf(child) !== gatewayId) continue;
      if (!online) {
        if (liveness.get(child)?.online) {
          this.#carried.add(child);
          liveness.status(child, false, CHILD_REASONS.gatewayOffline, ts);
        }
      } else if (this.#carried.delete(child) && !this.#left.has(child)) {
        liveness.status(child, true, CHILD_REASONS.gatewayOnline, ts);
      }
    }
  }

  #sendDelta(gatewayId: string, device: string, state: object, version: number, tsMs: number): void {
    this.#o.publish(
      gatewayTopic(gatewayId, 'shadowDelta'),
      JSON.stringify({ device, state, version, timestamp: Math.floor(tsMs / 1000) }),
      1,
    );
  }

  #valid<T>(result: Result<T>, msg: Msg): T | undefined {
    if (result.ok) return result.value;
    this.#refuse(
      msg,
      result.errors[0]?.startsWith('payload is not JSON') ? 'malformed_json' : 'invalid_payload',
      result.errors.join('; '),
    );
    return undefined;
  }

  #refuse(msg: Msg, reason: RejectReason, message: string, device?: string, code = 400): void {
    this.#o.rejections.reject(reason, { ...(device ? { deviceId: device } : {}), topic: msg.topic, message });
    this.#o.publish(
      gatewayTopic(msg.gatewayId, 'rejected'),
      JSON.stringify({
        ...(device ? { device } : {}),
        code,
        reason,
        message,
        topic: msg.topic,
        timestamp: Math.floor(msg.arrivalMs / 1000),
      }),
      0,
    );
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
