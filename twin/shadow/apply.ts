/** Applying a checked update to a stored shadow: the merge plus the state-size limit. */
import { TWIN_ERROR_CODES as E } from '../errors.ts';
import type { ShadowState } from './documents.ts';
import { ShadowError } from './errors.ts';
import { utf8ByteLength, type JsonObject } from './json.ts';
import type { ShadowLimits } from './limits.ts';
import { mergeSection } from './merge.ts';
import { leafMetadata } from './metadata.ts';
import type { UpdateRequest } from './request.ts';

/** Slack for the `{"desired":…,"reported":…}` wrapping an update may add on top of its own bytes. */
const WRAPPING_BYTES = 32;

export interface AppliedUpdate {
  next: ShadowState;
  /** Upper bound of the new state's JSON size, carried to the next update. */
  sizeBound: number;
}

/**
 * The shadow after `request`, at `version`, stamped `timestamp` (epoch s). `prev` is not modified.
 * Throws `ShadowError` 413 when the stored state would exceed `limits.maxDocumentBytes`.
 */
export function applyUpdate(
  prev: ShadowState | undefined,
  prevSizeBound: number,
  request: UpdateRequest,
  version: number,
  timestamp: number,
  limits: Readonly<ShadowLimits>,
): AppliedUpdate {
  const leaf = leafMetadata(timestamp);
  let desired = prev?.desired;
  let desiredMeta = prev?.metadata.desired;
  let reported = prev?.reported;
  let reportedMeta = prev?.metadata.reported;
  if (request.desired === null) desired = desiredMeta = undefined;
  else if (request.desired !== undefined) {
    ({ state: desired, metadata: desiredMeta } = mergeSection(desired, desiredMeta, request.desired, leaf));
  }
  if (request.reported === null) reported = reportedMeta = undefined;
  else if (request.reported !== undefined) {
    ({ state: reported, metadata: reportedMeta } = mergeSection(
      reported,
      reportedMeta,
      request.reported,
      leaf,
    ));
  }

  // A merge grows the document by at most the request's own bytes, so the exact size is only
  // measured when that bound passes the limit (amortised: rarely, even for chatty devices).
  let sizeBound = prevSizeBound + request.bytes + WRAPPING_BYTES;
  if (sizeBound > limits.maxDocumentBytes) {
    sizeBound = stateBytes(desired, reported);
    if (sizeBound > limits.maxDocumentBytes) {
      throw new ShadowError(
        413,
        E.SHADOW_TOO_LARGE,
        `The payload exceeds the maximum size allowed: the shadow would hold ${sizeBound} bytes of state, at most ${limits.maxDocumentBytes}; remove keys (set them to null) or split state across named shadows`,
        { clientToken: request.clientToken },
      );
    }
  }

  const next: ShadowState = { metadata: {}, version, updatedAt: timestamp };
  if (desired !== undefined) {
    next.desired = desired;
    if (desiredMeta !== undefined) next.metadata.desired = desiredMeta;
  }
  if (reported !== undefined) {
    next.reported = reported;
    if (reportedMeta !== undefined) next.metadata.reported = reportedMeta;
  }
  return { next, sizeBound };
}

/** UTF-8 size of the state document (desired + reported; metadata does not count, as in AWS). */
export function stateBytes(desired: JsonObject | undefined, reported: JsonObject | undefined): number {
  if (desired === undefined && reported === undefined) return 0;
  return utf8ByteLength(JSON.stringify({ desired, reported }));
}
