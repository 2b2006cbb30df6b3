/**
 * Merging an update into a shadow section, copy-on-write: only the objects on the paths the patch
 * touches are copied, everything else is shared with the previous version. Stored documents are
 * therefore never mutated, which is what lets `/update/documents` hand out the previous version
 * without cloning it.
 */
import { cloneJson, isEmptyObject, isJsonObject, type JsonObject, type JsonValue } from './json.ts';
import type { MetadataLeaf } from './metadata.ts';

export interface MergedSection {
  /** `undefined` when the section ended up empty (AWS then drops it from the document). */
  state: JsonObject | undefined;
  metadata: JsonObject | undefined;
}

/**
 * Applies `patch` to a section: `null` removes a key, objects merge recursively, any other value
 * (arrays included) replaces the old one whole. Objects left without keys are removed. Every value
 * written gets `leaf` (one shared `{timestamp}`) as its metadata.
 */
export function mergeSection(
  state: JsonObject | undefined,
  metadata: JsonObject | undefined,
  patch: JsonObject,
  leaf: MetadataLeaf,
): MergedSection {
  const merged = mergeObject(state, metadata, patch, leaf);
  if (isEmptyObject(merged.state)) return { state: undefined, metadata: undefined };
  return merged;
}

function mergeObject(
  base: JsonObject | undefined,
  baseMeta: JsonObject | undefined,
  patch: JsonObject,
  leaf: MetadataLeaf,
): { state: JsonObject; metadata: JsonObject } {
  const out: JsonObject = {};
  const outMeta: JsonObject = {};
  // Keep the base's keys (in order) unless the patch deletes them; building fresh objects avoids
  // `delete`, which would turn them into slow dictionary-mode objects.
  if (base !== undefined) {
    for (const key in base) {
      if (patch[key] === null) continue;
      out[key] = base[key] as JsonValue;
      const m = baseMeta?.[key];
      if (m !== undefined) outMeta[key] = m;
    }
  }
  for (const key in patch) {
    const value = patch[key] as JsonValue;
    if (value === null) continue;
    if (isJsonObject(value)) {
      const prev = out[key];
      const prevIsObject = isJsonObject(prev);
      const prevMeta = prevIsObject ? outMeta[key] : undefined;
      const child = mergeObject(
        prevIsObject ? prev : undefined,
        isJsonObject(prevMeta) ? prevMeta : undefined,
        value,
        leaf,
      );
      if (isEmptyObject(child.state)) {
        if (prev !== undefined) {
          // An object emptied by this patch disappears, like a deleted key.
          removeKey(out, outMeta, key);
        }
        continue;
      }
      out[key] = child.state;
      outMeta[key] = child.metadata;
    } else {
      out[key] = Array.isArray(value) ? cloneJson(value) : value;
      outMeta[key] = leaf;
    }
  }
  return { state: out, metadata: outMeta };
}

function removeKey(out: JsonObject, outMeta: JsonObject, key: string): void {
  delete out[key];
  delete outMeta[key];
}
