import {
  DELETED_VERSION_RETENTION_MS,
  GENERIC_DEVICE_TYPE,
  ShadowBook,
  ShadowError,
  isKnownDeviceType,
  isJsonObject,
  validateDesired,
  type ShadowBookOptions,
  type ShadowUpdateResult,
} from '../../twin/index.ts';
import { PLATFORM_ERRORS } from '../errors.ts';

/**
 * Desired state the device type does not allow. A ShadowError, so the MQTT path answers it on
 * `/update/rejected` as AWS would (`{"code":400,…}`); the REST routes answer it as
 * `{"code":"TB_ERR_PLATFORM_INVALID_DESIRED",…}`.
 */
export class InvalidDesiredError extends ShadowError {
  constructor(message: string, clientToken?: string) {
    super(400, PLATFORM_ERRORS.INVALID_DESIRED.code, message, { clientToken });
  }
}

export interface TypedShadowBookOptions extends ShadowBookOptions {
  /** The registered type of a thing (undefined: not registered). */
  typeOf: (thing: string) => string | undefined;
}

/**
 * twin's ShadowBook, with desired state checked against the device type before an update is applied.
 * Both shadow paths (MQTT through twin's `handleShadowRequest`, REST through the gateway) call
 * `update`, so the check has one place. Things of unknown or `generic` type are not checked.
 */
export class TypedShadowBook extends ShadowBook {
  readonly #typeOf: (thing: string) => string | undefined;

  /** Set while a deletion is replayed, so the book records it at the time it happened. */
  readonly #clock: { at: number | undefined };
  readonly #retentionMs: number;

  constructor(options: TypedShadowBookOptions) {
    const { typeOf, now = Date.now, ...rest } = options;
    const clock: { at: number | undefined } = { at: undefined };
    super({ ...rest, now: () => clock.at ?? now() });
    this.#typeOf = typeOf;
    this.#clock = clock;
    this.#retentionMs = options.deletedVersionRetentionMs ?? DELETED_VERSION_RETENTION_MS;
  }

  /**
   * Remembers a shadow deleted at `deletedAtMs` with `version` (rebuilt from history), so that one
   * created again under the same name within the retention (48 h, AWS) goes on from that version.
   * Returns false (and remembers nothing) when the deletion is older than the retention.
   */
  restoreDeleted(
    thing: string,
    shadowName: string | undefined,
    version: number,
    deletedAtMs: number,
  ): boolean {
    if (this.now() - deletedAtMs > this.#retentionMs) return false;
    this.#clock.at = deletedAtMs;
    try {
      super.restore(thing, shadowName, { metadata: {}, version, updatedAt: Math.floor(deletedAtMs / 1000) });
      super.delete(thing, shadowName);
    } finally {
      this.#clock.at = undefined;
    }
    return true;
  }

  override update(
    thing: string,
    shadowName: string | undefined,
    payload: string | Uint8Array | object,
  ): ShadowUpdateResult {
    const type = this.#typeOf(thing);
    if (type !== undefined && type !== GENERIC_DEVICE_TYPE && isKnownDeviceType(type)) {
      const request = this.#peek(payload);
      const desired =
        isJsonObject(request) && isJsonObject(request.state) ? request.state.desired : undefined;
      if (desired !== undefined && desired !== null) {
        const checked = validateDesired(type, desired);
        if (!checked.ok) {
          const token = typeof request?.clientToken === 'string' ? request.clientToken : undefined;
          throw new InvalidDesiredError(checked.errors.join('; '), token);
        }
      }
    }
    return super.update(thing, shadowName, payload);
  }

  /**
   * The request as JSON, when it is readable and within the size limit; otherwise undefined, and
   * `super.update` answers it (400 invalid JSON, 413 too large) exactly as twin defines.
   */
  #peek(payload: string | Uint8Array | object): Record<string, unknown> | undefined {
    if (typeof payload !== 'string' && !(payload instanceof Uint8Array))
      return isJsonObject(payload) ? payload : undefined;
    const bytes = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
    if (bytes > this.limits.maxDocumentBytes) return undefined;
    try {
      const json: unknown = JSON.parse(
        typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'),
      );
      return isJsonObject(json) ? json : undefined;
    } catch {
      return undefined;
    }
  }
}
