/**
 * The documents a shadow holds and the payloads the service publishes, shaped exactly as AWS IoT
 * sends them. Timestamps are epoch seconds. Stored documents are shared between versions and
 * payloads (see merge.ts): treat everything here as read-only.
 */
import type { JsonObject } from './json.ts';
import { computeDelta } from './delta.ts';

/** A shadow as stored: what `snapshot()` returns and `restore()` takes. */
export interface ShadowState {
  desired?: JsonObject;
  reported?: JsonObject;
  /** Mirrors `desired` / `reported`, with `{ "timestamp": <epoch s> }` at each leaf. */
  metadata: { desired?: JsonObject; reported?: JsonObject };
  /** 1 after the first update, +1 per accepted update (continues after a delete within 48 h). */
  version: number;
  /** Epoch seconds of the last accepted update. */
  updatedAt: number;
}

/** `/update/accepted`: the request's sections as applied (nulls included) and their metadata. */
export interface ShadowUpdateAccepted {
  state: { desired?: JsonObject | null; reported?: JsonObject | null };
  metadata: { desired?: JsonObject; reported?: JsonObject };
  version: number;
  timestamp: number;
  clientToken?: string;
}

/** `/update/delta`: the desired leaves that differ from reported, with their desired metadata. */
export interface ShadowDeltaPayload {
  state: JsonObject;
  metadata: JsonObject;
  version: number;
  timestamp: number;
  clientToken?: string;
}

/** One version of a shadow inside `/update/documents`. */
export interface ShadowDocumentVersion {
  state: { desired?: JsonObject; reported?: JsonObject };
  metadata: { desired?: JsonObject; reported?: JsonObject };
  version: number;
}

/** `/update/documents`: the shadow before and after an accepted update (`previous` is null on creation). */
export interface ShadowDocumentsPayload {
  previous: ShadowDocumentVersion | null;
  current: ShadowDocumentVersion;
  timestamp: number;
  clientToken?: string;
}

/** `/get/accepted`: the whole shadow, with the delta when desired and reported differ. */
export interface ShadowGetAccepted {
  state: { desired?: JsonObject; reported?: JsonObject; delta?: JsonObject };
  metadata: { desired?: JsonObject; reported?: JsonObject };
  version: number;
  timestamp: number;
  clientToken?: string;
}

/** `/delete/accepted`: the version the shadow had when it was deleted. */
export interface ShadowDeleteAccepted {
  version: number;
  timestamp: number;
  clientToken?: string;
}

export function documentVersion(state: ShadowState): ShadowDocumentVersion {
  const doc: ShadowDocumentVersion = { state: {}, metadata: {}, version: state.version };
  if (state.desired !== undefined) {
    doc.state.desired = state.desired;
    if (state.metadata.desired !== undefined) doc.metadata.desired = state.metadata.desired;
  }
  if (state.reported !== undefined) {
    doc.state.reported = state.reported;
    if (state.metadata.reported !== undefined) doc.metadata.reported = state.metadata.reported;
  }
  return doc;
}

export function getAccepted(
  state: ShadowState,
  timestamp: number,
  clientToken: string | undefined,
): ShadowGetAccepted {
  const { state: sections, metadata } = documentVersion(state);
  const payload: ShadowGetAccepted = { state: sections, metadata, version: state.version, timestamp };
  const delta = computeDelta(state.desired, state.reported);
  if (delta !== undefined) payload.state.delta = delta;
  if (clientToken !== undefined) payload.clientToken = clientToken;
  return payload;
}
