/** The payloads an accepted update publishes: `/update/accepted`, `/update/delta`, `/update/documents`. */
import { computeDelta } from './delta.ts';
import {
  documentVersion,
  type ShadowDeltaPayload,
  type ShadowDocumentsPayload,
  type ShadowState,
  type ShadowUpdateAccepted,
} from './documents.ts';
import { deltaMetadata, leafMetadata, requestMetadata } from './metadata.ts';
import type { UpdateRequest } from './request.ts';

/** Everything an accepted update publishes, plus the new state. */
export interface ShadowUpdateResult {
  /** Payload for `/update/accepted`. */
  accepted: ShadowUpdateAccepted;
  /** Payload for `/update/delta`; absent when desired and reported agree after the update. */
  delta?: ShadowDeltaPayload;
  /** Payload for `/update/documents`. */
  documents: ShadowDocumentsPayload;
  /** The shadow after the update (shared, read-only). */
  state: ShadowState;
}

/** The payloads an accepted update publishes. */
export function buildUpdateResult(
  prev: ShadowState | undefined,
  next: ShadowState,
  request: UpdateRequest,
  timestamp: number,
): ShadowUpdateResult {
  const { clientToken } = request;
  const leaf = leafMetadata(timestamp);
  const accepted: ShadowUpdateAccepted = { state: {}, metadata: {}, version: next.version, timestamp };
  if (request.desired !== undefined) {
    accepted.state.desired = request.desired;
    accepted.metadata.desired = request.desired === null ? leaf : requestMetadata(request.desired, leaf);
  }
  if (request.reported !== undefined) {
    accepted.state.reported = request.reported;
    accepted.metadata.reported = request.reported === null ? leaf : requestMetadata(request.reported, leaf);
  }
  const documents: ShadowDocumentsPayload = {
    previous: prev === undefined ? null : documentVersion(prev),
    current: documentVersion(next),
    timestamp,
  };
  if (clientToken !== undefined) {
    accepted.clientToken = clientToken;
    documents.clientToken = clientToken;
  }
  const result: ShadowUpdateResult = { accepted, documents, state: next };
  const delta = computeDelta(next.desired, next.reported);
  if (delta !== undefined) {
    const payload: ShadowDeltaPayload = {
      state: delta,
      metadata: deltaMetadata(delta, next.metadata.desired),
      version: next.version,
      timestamp,
    };
    if (clientToken !== undefined) payload.clientToken = clientToken;
    result.delta = payload;
  }
  return result;
}
