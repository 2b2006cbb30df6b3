/**
 * The delta between desired and reported state (AWS rules): every desired leaf whose value differs
 * from reported, including leaves missing from reported; leaves only in reported are left out.
 * Objects are compared key by key down to the leaves, arrays as whole values.
 */
import { isJsonObject, jsonEqual, type JsonObject, type JsonValue } from './json.ts';

/** The delta, or `undefined` when desired and reported agree (then no `/update/delta` is sent). */
export function computeDelta(
  desired: JsonObject | undefined,
  reported: JsonObject | undefined,
): JsonObject | undefined {
  if (desired === undefined) return undefined;
  let out: JsonObject | undefined;
  for (const key in desired) {
    const want = desired[key] as JsonValue;
    const have = reported?.[key];
    let diff: JsonValue | undefined;
    if (isJsonObject(want)) {
      diff = isJsonObject(have) ? computeDelta(want, have) : want;
    } else if (!jsonEqual(want, have)) {
      diff = want;
    }
    if (diff !== undefined) (out ??= {})[key] = diff;
  }
  return out;
}
