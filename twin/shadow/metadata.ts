/**
 * Shadow metadata: a tree mirroring `desired` / `reported` whose leaves are `{ "timestamp": <epoch s> }`,
 * the time each value was last written. Arrays are values, so an array gets one leaf, not one per item.
 */
import { isJsonObject, type JsonObject, type JsonValue } from './json.ts';

export type MetadataLeaf = { timestamp: number };

/** One leaf object per update, shared by every value the update writes (metadata is never mutated). */
export function leafMetadata(timestampS: number): MetadataLeaf {
  return { timestamp: timestampS };
}

/** Metadata of a request section, as `/update/accepted` shows it: every key sent, nulls included. */
export function requestMetadata(patch: JsonObject, leaf: MetadataLeaf): JsonObject {
  const out: JsonObject = {};
  for (const key in patch) {
    const value = patch[key] as JsonValue;
    out[key] = isJsonObject(value) ? requestMetadata(value, leaf) : leaf;
  }
  return out;
}

/** Metadata of a delta: for each delta leaf, the metadata of the desired value it came from. */
export function deltaMetadata(delta: JsonObject, desiredMetadata: JsonObject | undefined): JsonObject {
  const out: JsonObject = {};
  if (desiredMetadata === undefined) return out;
  for (const key in delta) {
    const value = delta[key] as JsonValue;
    const meta = desiredMetadata[key];
    if (meta === undefined) continue;
    out[key] = isJsonObject(value) && isJsonObject(meta) && !isLeaf(meta) ? deltaMetadata(value, meta) : meta;
  }
  return out;
}

/** A metadata leaf is an object whose `timestamp` is a number (a state key named "timestamp" maps to an object). */
export function isLeaf(meta: JsonObject): boolean {
  return typeof meta.timestamp === 'number';
}
