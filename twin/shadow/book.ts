/**
 * ShadowBook: every shadow of every thing, in memory, with AWS IoT Device Shadow semantics.
 * Pure and synchronous; time comes from the injected clock. The platform feeds it requests and
 * publishes what it returns (see `handleShadowRequest` for the MQTT mapping).
 */
import { TWIN_ERROR_CODES as E } from '../errors.ts';
import { applyUpdate, stateBytes } from './apply.ts';
import {
  getAccepted,
  type ShadowDeleteAccepted,
  type ShadowGetAccepted,
  type ShadowState,
} from './documents.ts';
import { ShadowError } from './errors.ts';
import { DEFAULT_SHADOW_LIMITS, DELETED_VERSION_RETENTION_MS, type ShadowLimits } from './limits.ts';
import { checkShadowTarget, parseUpdateRequest } from './request.ts';
import { restoredState } from './restore.ts';
import { buildUpdateResult, type ShadowUpdateResult } from './update-result.ts';

export type { ShadowUpdateResult } from './update-result.ts';

export interface ShadowBookOptions {
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Overrides of `DEFAULT_SHADOW_LIMITS`. */
  limits?: Partial<ShadowLimits>;
  /** How long a deleted shadow's version is remembered, in ms. Default 48 h (AWS). */
  deletedVersionRetentionMs?: number;
}

export interface ShadowListEntry {
  thing: string;
  /** Absent for the classic (unnamed) shadow. */
  shadowName?: string;
  version: number;
  /** Epoch seconds of the last accepted update. */
  updatedAt: number;
}

interface Entry {
  thing: string;
  shadowName: string | undefined;
  state: ShadowState;
  /** Upper bound of the state's JSON size in bytes; measured exactly only when it passes the limit. */
  sizeBound: number;
}

export class ShadowBook {
  readonly limits: Readonly<ShadowLimits>;
  /** The injected clock (epoch ms); also used by callers to stamp `/rejected` payloads. */
  readonly now: () => number;
  readonly #retentionMs: number;
  readonly #entries = new Map<string, Entry>();
  readonly #deleted = new Map<string, { version: number; deletedAtMs: number }>();
  readonly #inFlight = new Map<string, number>();

  constructor(options: ShadowBookOptions = {}) {
    this.now = options.now ?? Date.now;
    this.limits = Object.freeze({ ...DEFAULT_SHADOW_LIMITS, ...options.limits });
    this.#retentionMs = options.deletedVersionRetentionMs ?? DELETED_VERSION_RETENTION_MS;
  }

  /** Epoch seconds, as every shadow payload carries them. */
  nowS(): number {
    return Math.floor(this.now() / 1000);
  }

  /**
   * Applies an `/update` request (raw bytes, text, or a parsed object). Throws `ShadowError`
   * (400, 409, 413) when it is rejected; nothing changes then.
   */
  update(
    thing: string,
    shadowName: string | undefined,
    payload: string | Uint8Array | object,
  ): ShadowUpdateResult {
    checkShadowTarget(thing, shadowName, this.limits);
    const request = parseUpdateRequest(payload, this.limits);
    const key = keyOf(thing, shadowName);
    const nowMs = this.now();
    const entry = this.#entries.get(key);
    const version = entry?.state.version ?? this.#deletedVersion(key, nowMs);
    if (request.version !== undefined && request.version !== version) {
      throw new ShadowError(
        409,
        E.SHADOW_VERSION_CONFLICT,
        `Version conflict: the request carries version ${request.version} but the shadow is at version ${version}; get the shadow and retry with its version, or omit "version"`,
        { clientToken: request.clientToken },
      );
    }
    const timestamp = Math.floor(nowMs / 1000);
    const { next, sizeBound } = applyUpdate(
      entry?.state,
      entry?.sizeBound ?? 0,
      request,
      version + 1,
      timestamp,
      this.limits,
    );
    this.#entries.set(key, { thing, shadowName, state: next, sizeBound });
    this.#deleted.delete(key);
    return buildUpdateResult(entry?.state, next, request, timestamp);
  }

  /** Like `update`, but returns the `ShadowError` instead of throwing it (other failures become 500). */
  tryUpdate(
    thing: string,
    shadowName: string | undefined,
    payload: string | Uint8Array | object,
  ): ShadowUpdateResult | ShadowError {
    try {
      return this.update(thing, shadowName, payload);
    } catch (error) {
      if (error instanceof ShadowError) return error;
      const detail = error instanceof Error ? error.message : String(error);
      return new ShadowError(500, E.SHADOW_INTERNAL, `Internal service failure: ${detail}`, { cause: error });
    }
  }

  /** The `/get/accepted` payload; throws `ShadowError` 404 when the shadow does not exist. */
  get(thing: string, shadowName?: string, clientToken?: string): ShadowGetAccepted {
    checkShadowTarget(thing, shadowName, this.limits);
    const entry = this.#entries.get(keyOf(thing, shadowName));
    if (entry === undefined) throw notFound(thing, shadowName, clientToken);
    return getAccepted(entry.state, this.nowS(), clientToken);
  }

  /** Deletes a shadow and returns the `/delete/accepted` payload; throws `ShadowError` 404 when there is none. */
  delete(thing: string, shadowName?: string, clientToken?: string): ShadowDeleteAccepted {
    checkShadowTarget(thing, shadowName, this.limits);
    const key = keyOf(thing, shadowName);
    const entry = this.#entries.get(key);
    if (entry === undefined) throw notFound(thing, shadowName, clientToken);
    const nowMs = this.now();
    this.#entries.delete(key);
    this.#deleted.set(key, { version: entry.state.version, deletedAtMs: nowMs });
    const payload: ShadowDeleteAccepted = {
      version: entry.state.version,
      timestamp: Math.floor(nowMs / 1000),
    };
    if (clientToken !== undefined) payload.clientToken = clientToken;
    return payload;
  }

  /** Puts a shadow back as it was (e.g. rebuilt from history). The state is copied; throws `TwinError` when malformed. */
  restore(thing: string, shadowName: string | undefined, state: ShadowState): void {
    checkShadowTarget(thing, shadowName, this.limits);
    const copy = restoredState(state);
    const sizeBound = stateBytes(copy.desired, copy.reported);
    const key = keyOf(thing, shadowName);
    this.#entries.set(key, { thing, shadowName, state: copy, sizeBound });
    this.#deleted.delete(key);
  }

  /** Every shadow (or every shadow of one thing), classic and named. */
  list(thing?: string): ShadowListEntry[] {
    const out: ShadowListEntry[] = [];
    for (const entry of this.#entries.values()) {
      if (thing !== undefined && entry.thing !== thing) continue;
      const item: ShadowListEntry = {
        thing: entry.thing,
        version: entry.state.version,
        updatedAt: entry.state.updatedAt,
      };
      if (entry.shadowName !== undefined) item.shadowName = entry.shadowName;
      out.push(item);
    }
    return out;
  }

  /** The stored shadow, or `undefined`. Shared with the book: do not mutate it. */
  snapshot(thing: string, shadowName?: string): ShadowState | undefined {
    return this.#entries.get(keyOf(thing, shadowName))?.state;
  }

  /**
   * Counts a request as in flight for `thing` until the returned function is called. Throws
   * `ShadowError` 429 when `maxInFlightPerThing` requests are already in flight. For callers that
   * do asynchronous work around a request (the book itself answers synchronously).
   */
  acquire(thing: string, clientToken?: string): () => void {
    const count = this.#inFlight.get(thing) ?? 0;
    if (count >= this.limits.maxInFlightPerThing) {
      throw new ShadowError(
        429,
        E.SHADOW_TOO_MANY_REQUESTS,
        `Too many requests: ${count} requests for thing '${thing}' are already in flight, at most ${this.limits.maxInFlightPerThing}; wait for their responses before sending more`,
        { clientToken },
      );
    }
    this.#inFlight.set(thing, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#inFlight.get(thing) ?? 1) - 1;
      if (left <= 0) this.#inFlight.delete(thing);
      else this.#inFlight.set(thing, left);
    };
  }

  #deletedVersion(key: string, nowMs: number): number {
    const tomb = this.#deleted.get(key);
    if (tomb === undefined) return 0;
    if (nowMs - tomb.deletedAtMs <= this.#retentionMs) return tomb.version;
    this.#deleted.delete(key);
    return 0;
  }
}

function notFound(
  thing: string,
  shadowName: string | undefined,
  clientToken: string | undefined,
): ShadowError {
  const message =
    shadowName === undefined
      ? `No shadow exists with name: '${thing}' (the classic shadow of thing '${thing}'); create it with an update first`
      : `No shadow exists with name: '${shadowName}' (a named shadow of thing '${thing}'); create it with an update first`;
  return new ShadowError(404, E.SHADOW_NOT_FOUND, message, { clientToken });
}

/** Map key; `/` cannot occur in thing or shadow names, so keys never collide. */
function keyOf(thing: string, shadowName: string | undefined): string {
  return shadowName === undefined ? thing : `${thing}/${shadowName}`;
}
