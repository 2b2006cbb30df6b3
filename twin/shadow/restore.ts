/** Checking and copying a `ShadowState` handed to `ShadowBook.restore()` from outside. */
import { TWIN_ERROR_CODES as E, TwinError } from '../errors.ts';
import type { ShadowState } from './documents.ts';
import { cloneJson, isJsonObject, type JsonObject } from './json.ts';
import { describe } from './request.ts';

/** A private deep copy of `state`; throws `TwinError` naming the first malformed field. */
export function restoredState(state: ShadowState): ShadowState {
  if (!isJsonObject(state as unknown)) throw bad('state', state);
  const { version, updatedAt } = state;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0)
    throw bad('version', version);
  if (typeof updatedAt !== 'number' || !Number.isFinite(updatedAt)) throw bad('updatedAt', updatedAt);
  const metadata: unknown = state.metadata ?? {};
  if (!isJsonObject(metadata)) throw bad('metadata', metadata);

  const copy: ShadowState = { metadata: {}, version, updatedAt };
  for (const section of ['desired', 'reported'] as const) {
    const value: unknown = state[section];
    const meta: unknown = metadata[section];
    if (value !== undefined) {
      if (!isJsonObject(value)) throw bad(section, value);
      copy[section] = cloneJson(value);
    }
    if (meta !== undefined) {
      if (!isJsonObject(meta)) throw bad(`metadata.${section}`, meta);
      copy.metadata[section] = cloneJson(meta as JsonObject);
    }
  }
  return copy;
}

function bad(field: string, value: unknown): TwinError {
  const allowed =
    field === 'version' ? 'a non-negative integer' : field === 'updatedAt' ? 'epoch seconds' : 'an object';
  return new TwinError(
    E.SHADOW_BAD_RESTORE,
    `Cannot restore shadow: ${field} is ${describe(value)}, expected ${allowed}; pass a ShadowState as snapshot() returns it`,
  );
}
