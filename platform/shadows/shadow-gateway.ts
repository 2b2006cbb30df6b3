import {
  GENERIC_DEVICE_TYPE,
  ShadowError,
  TWIN_ERROR_CODES,
  handleShadowRequest,
  isValidDeviceId,
  shadowDeltaTopic,
  shadowDocumentsTopic,
  shadowResponseTopic,
  type ShadowPublication,
  type ShadowTopic,
  type ShadowUpdateResult,
} from '../../twin/index.ts';
import { jsonDepth } from '../ingest/json-depth.ts';
import type { RejectReason, Rejections } from '../ingest/rejections.ts';
import type { TwinStore } from '../twins/twin-store.ts';

export interface ShadowGatewayOptions {
  store: TwinStore;
  rejections: Rejections;
  registration: 'auto' | 'reject';
  /** Deepest nesting of a request, checked on its bytes before it is parsed. Default 32. */
  maxJsonDepth?: number;
  /** No thing is registered on first contact once this many devices are. Default unlimited. */
  maxDevices?: number;
  publish: (topic: string, payload: string) => void;
}

/** Longest topic a refusal is answered on (a 60 000-character name is refused without an answer). */
const MAX_ANSWER_TOPIC_CHARS = 1_024;

/**
 * The AWS IoT Device Shadow service over MQTT and REST, on one ShadowBook (desired state checked
 * against the device type, `TypedShadowBook`): MQTT requests go through twin's `handleShadowRequest`,
 * REST requests through `update`/`delete`, and both publish the same `/accepted`, `/update/delta` and
 * `/update/documents` messages and announce the change to history and the stream.
 */
export class ShadowGateway {
  readonly #o: ShadowGatewayOptions;

  constructor(options: ShadowGatewayOptions) {
    this.#o = options;
  }

  /** A request from a device on `$aws/things/…/shadow/…/(update|get|delete)`. */
  handleMqtt(topic: string, target: ShadowTopic, payload: Buffer): void {
    const { store } = this.#o;
    const { thing, shadowName, op } = target;
    // Checked before anything is registered or parsed: a refused name never becomes a thing.
    const refusal = this.#refusal(target, payload);
    if (refusal) return this.#refuse(topic, target, refusal);
    let out: ShadowPublication[];
    try {
      this.#admit(thing);
      out = handleShadowRequest(store.shadows, topic, payload) ?? [];
    } catch (err) {
      const error =
        err instanceof ShadowError
          ? err
          : new ShadowError(
              500,
              TWIN_ERROR_CODES.SHADOW_INTERNAL,
              `Internal service failure: ${(err as Error).message}`,
              { cause: err },
            );
      let answerTopic: string;
      try {
        answerTopic = shadowResponseTopic(thing, op, 'rejected', shadowName);
      } catch {
        // A thing name that cannot form a topic: nothing to answer on; counted all the same.
        const message = `${error.statusCode} ${error.message}`;
        this.#o.rejections.reject('shadow_rejected', { deviceId: thing, topic, message });
        return;
      }
      out = [{ topic: answerTopic, payload: error.toPayload(store.shadows.nowS()) }];
    }
    for (const p of out) this.#o.publish(p.topic, JSON.stringify(p.payload));
    const first = out[0];
    if (!first) return;
    if (first.topic.endsWith('/rejected')) {
      const { code, message } = first.payload as { code: number; message: string };
      this.#o.rejections.reject('shadow_rejected', {
        deviceId: thing,
        topic: first.topic,
        message: `${code} ${message}`,
      });
      return;
    }
    store.liveness.seen(thing);
    if (op === 'update') {
      const delta = out.find((p) => p.topic === shadowDeltaTopic(thing, shadowName))?.payload as
        { state?: unknown } | undefined;
      this.#announceUpdate(thing, shadowName, delta?.state);
    } else if (op === 'delete') {
      const { version } = first.payload as { version: number };
      this.#announce(thing, shadowName, version, { deleted: true, state: {} });
    }
  }

  /** Applies a REST update, publishes its responses and announces the change. Throws ShadowError. */
  update(
    thing: string,
    shadowName: string | undefined,
    payload: string | Uint8Array | object,
  ): ShadowUpdateResult {
    const result = this.#o.store.shadows.update(thing, shadowName, payload);
    const { publish } = this.#o;
    publish(shadowResponseTopic(thing, 'update', 'accepted', shadowName), JSON.stringify(result.accepted));
    if (result.delta) publish(shadowDeltaTopic(thing, shadowName), JSON.stringify(result.delta));
    publish(shadowDocumentsTopic(thing, shadowName), JSON.stringify(result.documents));
    this.#announceUpdate(thing, shadowName, result.delta?.state);
    return result;
  }

  delete(thing: string, shadowName: string | undefined, clientToken?: string) {
    const answer = this.#o.store.shadows.delete(thing, shadowName, clientToken);
    this.#announce(thing, shadowName, answer.version, { deleted: true, state: {} });
    return answer;
  }

  /** Announces the shadow as it is now; `delta` is the one the book computed for /update/delta. */
  #announceUpdate(thing: string, shadowName: string | undefined, delta: unknown): void {
    const s = this.#o.store.shadows.snapshot(thing, shadowName);
    if (!s) return;
    this.#announce(thing, shadowName, s.version, {
      state: {
        ...(s.desired ? { desired: s.desired } : {}),
        ...(s.reported ? { reported: s.reported } : {}),
        ...(delta ? { delta } : {}),
      },
      metadata: s.metadata,
    });
  }

  /** Tells history and the stream that a shadow changed. */
  #announce(
    thing: string,
    shadowName: string | undefined,
    version: number,
    rest: {
      state: { desired?: unknown; reported?: unknown; delta?: unknown };
      metadata?: unknown;
      deleted?: boolean;
    },
  ): void {
    this.#o.store.bus.emit({
      kind: 'shadow',
      deviceId: thing,
      ...(shadowName !== undefined ? { shadowName } : {}),
      ts: this.#o.store.now(),
      version,
      ...rest,
    });
  }

  /**
   * Why a request is refused before the shadow book sees it: a thing or shadow name outside AWS's rules
   * (`[A-Za-z0-9_.:-]`, 128 / 64 characters: the device id rules, so a thing name is always a valid
   * device id), nesting deeper than `maxJsonDepth`, or a new thing past `maxDevices`.
   */
  #refusal(target: ShadowTopic, payload: Buffer): { reason: RejectReason; error: ShadowError } | undefined {
    const { limits } = this.#o.store.shadows;
    const { thing, shadowName } = target;
    const badName = (what: string, name: string, max: number) => ({
      reason: 'invalid_device_id' as const,
      error: new ShadowError(
        400,
        TWIN_ERROR_CODES.SHADOW_INVALID_NAME,
        `Invalid ${what}: ${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)} (${name.length} characters); use 1 to ${max} characters from A-Z a-z 0-9 _ . : -`,
      ),
    });
    if (!isValidDeviceId(thing) || thing.length > limits.maxThingNameLength)
      return badName('thing name', thing, limits.maxThingNameLength);
    if (
      shadowName !== undefined &&
      (!isValidDeviceId(shadowName) || shadowName.length > limits.maxShadowNameLength)
    )
      return badName('shadow name', shadowName, limits.maxShadowNameLength);
    const maxDepth = this.#o.maxJsonDepth ?? 32;
    if (payload.length <= limits.maxDocumentBytes && jsonDepth(payload, maxDepth) > maxDepth)
      return {
        reason: 'too_deep',
        error: new ShadowError(
          400,
          TWIN_ERROR_CODES.SHADOW_TOO_DEEP,
          `JSON contains too many levels of nesting; maximum is ${limits.maxDepth} in desired and reported`,
        ),
      };
    const { registry } = this.#o.store;
    const max = this.#o.maxDevices;
    if (this.#o.registration === 'auto' && max !== undefined && !registry.get(thing) && registry.size >= max)
      return {
        reason: 'device_limit',
        error: new ShadowError(
          404,
          TWIN_ERROR_CODES.SHADOW_NOT_FOUND,
          `Thing '${thing}' is not registered and the platform already holds its maximum of ${max} devices (config maxDevices); raise maxDevices, or register it with POST /devices`,
        ),
      };
    return undefined;
  }

  /** Counts a refusal and answers it on `/rejected` (unless the topic is absurdly long). */
  #refuse(topic: string, target: ShadowTopic, refusal: { reason: RejectReason; error: ShadowError }): void {
    const { error, reason } = refusal;
    const validName = reason !== 'invalid_device_id';
    this.#o.rejections.reject(reason, {
      ...(validName ? { deviceId: target.thing } : {}),
      topic,
      message: `${error.statusCode} ${error.message}`,
    });
    if (topic.length > MAX_ANSWER_TOPIC_CHARS) return;
    this.#o.publish(`${topic}/rejected`, JSON.stringify(error.toPayload(this.#o.store.shadows.nowS())));
  }

  /** Unknown things: registered as generic (policy auto) or refused with 404. */
  #admit(thing: string): void {
    const { registry } = this.#o.store;
    if (registry.get(thing)) return;
    if (this.#o.registration === 'reject') {
      throw new ShadowError(
        404,
        TWIN_ERROR_CODES.SHADOW_NOT_FOUND,
        `Thing '${thing}' is not registered and the registration policy is 'reject'; register it with POST /devices`,
      );
    }
    registry.add({
      id: thing,
      type: GENERIC_DEVICE_TYPE,
      name: thing,
      tags: {},
      profile: 'twinbench',
      registeredAt: this.#o.store.now(),
      registeredBy: 'first_contact',
    });
  }
}
