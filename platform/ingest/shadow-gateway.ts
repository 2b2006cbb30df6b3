import {
  ShadowError,
  TWIN_ERROR_CODES,
  shadowDeltaTopic,
  shadowDocumentsTopic,
  shadowResponseTopic,
  type ShadowTopic,
  type ShadowUpdateResult,
} from '../../twin/index.ts';
import type { TwinStore } from '../twins/twin-store.ts';
import type { Rejections } from './rejections.ts';

export interface ShadowGatewayOptions {
  store: TwinStore;
  rejections: Rejections;
  registration: 'auto' | 'reject';
  publish: (topic: string, payload: string) => void;
}

/**
 * The AWS IoT Device Shadow service over MQTT and REST: one ShadowBook, the same responses on
 * `/accepted`, `/rejected`, `/update/delta` and `/update/documents` whichever way a request came.
 */
export class ShadowGateway {
  readonly #o: ShadowGatewayOptions;

  constructor(options: ShadowGatewayOptions) {
    this.#o = options;
  }

  /** A request from a device on `$aws/things/…/shadow/…/(update|get|delete)`. */
  handleMqtt(target: ShadowTopic, payload: Buffer): void {
    const { thing, shadowName, op } = target;
    try {
      this.#admit(thing);
      if (op === 'update') {
        this.update(thing, shadowName, payload);
      } else {
        const clientToken = clientTokenOf(payload);
        const answer =
          op === 'get'
            ? this.#o.store.shadows.get(thing, shadowName, clientToken)
            : this.delete(thing, shadowName, clientToken);
        this.#o.publish(shadowResponseTopic(thing, op, 'accepted', shadowName), JSON.stringify(answer));
      }
      this.#o.store.liveness.seen(thing);
    } catch (err) {
      const error =
        err instanceof ShadowError
          ? err
          : new ShadowError(
              500,
              TWIN_ERROR_CODES.SHADOW_INTERNAL,
              `Internal service failure: ${(err as Error).message}`,
            );
      this.#o.rejections.reject('shadow_rejected', {
        deviceId: thing,
        topic: shadowResponseTopic(thing, op, 'rejected', shadowName),
        message: `${error.code} ${error.message}`,
      });
      try {
        this.#o.publish(
          shadowResponseTopic(thing, op, 'rejected', shadowName),
          JSON.stringify(error.toPayload(this.#o.store.shadows.nowS())),
        );
      } catch {
        // A thing name that cannot form a topic: nothing to answer on.
      }
    }
  }

  /** Applies an update (MQTT or REST), publishes its responses and announces the change. Throws ShadowError. */
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
    const s = result.state;
    // The book already computed the delta for /update/delta.
    const delta = result.delta?.state;
    this.#announce(thing, shadowName, s.version, {
      state: {
        ...(s.desired ? { desired: s.desired } : {}),
        ...(s.reported ? { reported: s.reported } : {}),
        ...(delta ? { delta } : {}),
      },
      metadata: s.metadata,
    });
    return result;
  }

  delete(thing: string, shadowName: string | undefined, clientToken?: string) {
    const answer = this.#o.store.shadows.delete(thing, shadowName, clientToken);
    this.#announce(thing, shadowName, answer.version, { deleted: true, state: {} });
    return answer;
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
      type: 'generic',
      name: thing,
      tags: {},
      profile: 'twinbench',
      registeredAt: this.#o.store.now(),
      registeredBy: 'first_contact',
    });
  }
}

/** get/delete requests may carry `{"clientToken": "…"}`; anything else is ignored, as AWS does. */
function clientTokenOf(payload: Buffer): string | undefined {
  if (payload.length === 0 || payload.length > 1024) return undefined;
  try {
    const body = JSON.parse(payload.toString('utf8')) as { clientToken?: unknown };
    return typeof body.clientToken === 'string' ? body.clientToken : undefined;
  } catch {
    return undefined;
  }
}
