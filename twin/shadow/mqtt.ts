/**
 * The MQTT face of a ShadowBook: given a message on a shadow request topic, what to publish back,
 * exactly as AWS IoT does (`/accepted` or `/rejected`, then `/update/delta` and `/update/documents`).
 */
import {
  parseShadowTopic,
  shadowDeltaTopic,
  shadowDocumentsTopic,
  shadowResponseTopic,
  type ShadowTopic,
} from '../topics/aws-shadow.ts';
import type { ShadowBook } from './book.ts';
import { ShadowError } from './errors.ts';
import { readClientToken, readRequestJson } from './request.ts';
import { TWIN_ERROR_CODES as E } from '../errors.ts';

export interface ShadowPublication {
  topic: string;
  /** JSON-serialisable payload. */
  payload: object;
}

/**
 * Handles one message published on a shadow request topic. Returns the messages to publish, in
 * order, or `undefined` when `topic` is not a shadow request topic.
 */
export function handleShadowRequest(
  book: ShadowBook,
  topic: string,
  payload: string | Uint8Array,
): ShadowPublication[] | undefined {
  const target = parseShadowTopic(topic);
  if (target === undefined) return undefined;
  const { thing, shadowName, op } = target;
  const rejected = (error: ShadowError): ShadowPublication[] => [
    { topic: shadowResponseTopic(thing, op, 'rejected', shadowName), payload: error.toPayload(book.nowS()) },
  ];
  try {
    if (op === 'update') {
      const result = book.update(thing, shadowName, payload);
      const out: ShadowPublication[] = [
        { topic: shadowResponseTopic(thing, 'update', 'accepted', shadowName), payload: result.accepted },
      ];
      if (result.delta !== undefined)
        out.push({ topic: shadowDeltaTopic(thing, shadowName), payload: result.delta });
      out.push({ topic: shadowDocumentsTopic(thing, shadowName), payload: result.documents });
      return out;
    }
    const clientToken = requestToken(book, payload);
    const accepted =
      op === 'get' ? book.get(thing, shadowName, clientToken) : book.delete(thing, shadowName, clientToken);
    return [{ topic: shadowResponseTopic(thing, op, 'accepted', shadowName), payload: accepted }];
  } catch (error) {
    if (error instanceof ShadowError) return rejected(error);
    return rejected(internal(error, target));
  }
}

/** `/get` and `/delete` take an empty payload or `{"clientToken": "..."}`. */
function requestToken(book: ShadowBook, payload: string | Uint8Array): string | undefined {
  const empty = typeof payload === 'string' ? payload.trim() === '' : payload.byteLength === 0;
  if (empty) return undefined;
  const { json } = readRequestJson(payload, book.limits);
  return readClientToken(json, book.limits);
}

function internal(error: unknown, target: ShadowTopic): ShadowError {
  const detail = error instanceof Error ? error.message : String(error);
  return new ShadowError(
    500,
    E.SHADOW_INTERNAL,
    `Internal service failure while handling ${target.op}: ${detail}`,
    {
      cause: error,
    },
  );
}
