import {
  GENERIC_DEVICE_TYPE,
  ShadowError,
  TWIN_ERROR_CODES,
  handleShadowRequest,
  shadowDeltaTopic,
  shadowDocumentsTopic,
  shadowResponseTopic,
  type ShadowPublication,
  type ShadowTopic,
  type ShadowUpdateResult,
} from '../../twin/index.ts';
import type { Rejections } from '../ingest/rejections.ts';
import type { TwinStore } from '../twins/twin-store.ts';

export interface ShadowGatewayOptions {
  store: TwinStore;
  rejections: Rejections;
  registration: 'auto' | 'reject';
  publish: (topic: string, payload: string) => void;
}

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
