/**
 * Reading and checking shadow requests. Hand-written rather than a schema check: each rejection must
 * carry the exact AWS code and wording (400 "Invalid version", 413, ...) plus the offending path, and
 * the walk doubles as the depth / array-null / size check in one pass over the request.
 */
import { TWIN_ERROR_CODES as E } from '../errors.ts';
import { ShadowError } from './errors.ts';
import { isJsonObject, utf8ByteLength, type JsonObject, type JsonValue } from './json.ts';
import type { ShadowLimits } from './limits.ts';

/** A checked `/update` request. */
export interface UpdateRequest {
  /** `undefined`: leave the section alone; `null`: remove it; object: merge it in. */
  desired?: JsonObject | null;
  reported?: JsonObject | null;
  clientToken?: string;
  version?: number;
  /** UTF-8 size of the request as received. */
  bytes: number;
}

const NAME_PATTERN = /^[A-Za-z0-9_.:-]+$/;
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Rejects a thing or shadow name that AWS would not accept (too long, empty, or outside `[A-Za-z0-9_.:-]`). */
export function checkShadowTarget(thing: string, shadowName: string | undefined, limits: ShadowLimits): void {
  checkName('thing name', thing, limits.maxThingNameLength);
  if (shadowName !== undefined) checkName('shadow name', shadowName, limits.maxShadowNameLength);
}

function checkName(what: string, name: string, max: number): void {
  if (typeof name === 'string' && name.length >= 1 && name.length <= max && NAME_PATTERN.test(name)) return;
  const shown =
    typeof name === 'string'
      ? JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)
      : String(name);
  const length = typeof name === 'string' ? `${name.length} characters` : typeof name;
  throw new ShadowError(
    400,
    E.SHADOW_INVALID_NAME,
    `Invalid ${what}: ${shown} (${length}); use 1 to ${max} characters from A-Z a-z 0-9 _ . : -`,
  );
}

/** Parses a request body (raw bytes, text, or an already parsed object) into JSON; throws 413 / 400. */
export function readRequestJson(
  payload: string | Uint8Array | object,
  limits: ShadowLimits,
): { json: unknown; bytes: number } {
  if (typeof payload === 'string' || payload instanceof Uint8Array) {
    const bytes = typeof payload === 'string' ? utf8ByteLength(payload) : payload.byteLength;
    if (bytes > limits.maxDocumentBytes) throw tooLarge(bytes, limits);
    let text: string;
    try {
      text = typeof payload === 'string' ? payload : decoder.decode(payload);
    } catch (cause) {
      throw new ShadowError(400, E.SHADOW_INVALID_JSON, 'Invalid JSON: the payload is not UTF-8 text', {
        cause,
      });
    }
    try {
      return { json: JSON.parse(text) as unknown, bytes };
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new ShadowError(400, E.SHADOW_INVALID_JSON, `Invalid JSON: ${detail}; send one JSON object`, {
        cause,
      });
    }
  }
  let text: string;
  try {
    text = JSON.stringify(payload) ?? '';
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new ShadowError(
      400,
      E.SHADOW_INVALID_JSON,
      `Invalid JSON: the payload cannot be serialised (${detail})`,
      { cause },
    );
  }
  const bytes = utf8ByteLength(text);
  if (bytes > limits.maxDocumentBytes) throw tooLarge(bytes, limits);
  return { json: payload, bytes };
}

function tooLarge(bytes: number, limits: ShadowLimits): ShadowError {
  return new ShadowError(
    413,
    E.SHADOW_TOO_LARGE,
    `The payload exceeds the maximum size allowed: ${bytes} bytes, at most ${limits.maxDocumentBytes}`,
  );
}

/** The clientToken of a request, or a 400 when it is not a string of at most `maxClientTokenBytes` bytes. */
export function readClientToken(json: unknown, limits: ShadowLimits): string | undefined {
  if (!isJsonObject(json) || !Object.hasOwn(json, 'clientToken')) return undefined;
  const token = json.clientToken;
  if (typeof token === 'string') {
    const bytes = utf8ByteLength(token);
    if (bytes <= limits.maxClientTokenBytes) return token;
    throw new ShadowError(
      400,
      E.SHADOW_INVALID_CLIENT_TOKEN,
      `Invalid clientToken: ${bytes} bytes long, at most ${limits.maxClientTokenBytes} bytes allowed`,
    );
  }
  throw new ShadowError(
    400,
    E.SHADOW_INVALID_CLIENT_TOKEN,
    `Invalid clientToken: ${describe(token)}; it must be a string of at most ${limits.maxClientTokenBytes} bytes`,
  );
}

/** Checks an `/update` request and returns its parts; throws `ShadowError` 400 / 413 naming the problem. */
export function parseUpdateRequest(
  payload: string | Uint8Array | object,
  limits: ShadowLimits,
): UpdateRequest {
  const { json, bytes } = readRequestJson(payload, limits);
  const clientToken = readClientToken(json, limits);
  const fail = (twinCode: (typeof E)[keyof typeof E], message: string): ShadowError =>
    new ShadowError(400, twinCode, message, { clientToken });

  if (!isJsonObject(json)) {
    throw fail(
      E.SHADOW_MISSING_STATE,
      `Missing required node: state (the payload is ${describe(json)}, not an object)`,
    );
  }
  const request: UpdateRequest = { bytes };
  if (clientToken !== undefined) request.clientToken = clientToken;

  if (Object.hasOwn(json, 'version')) {
    const version = json.version;
    if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) {
      throw fail(
        E.SHADOW_INVALID_VERSION,
        `Invalid version: ${describe(version)}; use a non-negative integer`,
      );
    }
    request.version = version;
  }

  if (!Object.hasOwn(json, 'state')) {
    throw fail(
      E.SHADOW_MISSING_STATE,
      'Missing required node: state; send {"state":{"desired":{...}}} or {"state":{"reported":{...}}}',
    );
  }
  const state = json.state;
  if (state === null) {
    // AWS: setting the whole state to null empties the shadow without deleting it.
    request.desired = null;
    request.reported = null;
    return request;
  }
  if (!isJsonObject(state)) {
    throw fail(E.SHADOW_NOT_AN_OBJECT, `State node must be an object, got ${describe(state)}`);
  }
  for (const key in state) {
    if (key !== 'desired' && key !== 'reported') {
      throw fail(
        E.SHADOW_INVALID_NODE,
        `State contains an invalid node: "${key}"; only "desired" and "reported" are allowed`,
      );
    }
    const section = state[key] as JsonValue;
    if (section === null) {
      request[key] = null;
      continue;
    }
    if (!isJsonObject(section)) {
      const label = key === 'desired' ? 'Desired' : 'Reported';
      throw fail(E.SHADOW_NOT_AN_OBJECT, `${label} node must be an object, got ${describe(section)}`);
    }
    checkTree(section, 1, `state.${key}`, limits, fail);
    request[key] = section;
  }
  return request;
}

/** Depth limit, no null inside arrays, only JSON values (matters for pre-parsed object payloads). */
function checkTree(
  node: JsonObject | JsonValue[],
  level: number,
  path: string,
  limits: ShadowLimits,
  fail: (code: (typeof E)[keyof typeof E], message: string) => ShadowError,
): void {
  if (level > limits.maxDepth) {
    throw fail(
      E.SHADOW_TOO_DEEP,
      `JSON contains too many levels of nesting; maximum is ${limits.maxDepth} (${path} is at level ${level})`,
    );
  }
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const item = node[i];
      if (item === null) {
        throw fail(
          E.SHADOW_INVALID_NODE,
          `State contains an invalid node: ${path}[${i}] is null; arrays cannot hold null`,
        );
      }
      checkChild(item, level, `${path}[${i}]`, limits, fail);
    }
    return;
  }
  for (const key in node) checkChild(node[key], level, `${path}.${key}`, limits, fail);
}

function checkChild(
  value: unknown,
  level: number,
  path: string,
  limits: ShadowLimits,
  fail: (code: (typeof E)[keyof typeof E], message: string) => ShadowError,
): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (Number.isFinite(value)) return;
      break;
    case 'object':
      if (value === null) return;
      checkTree(value as JsonObject | JsonValue[], level + 1, path, limits, fail);
      return;
  }
  throw fail(
    E.SHADOW_INVALID_NODE,
    `State contains an invalid node: ${path} is ${describe(value)}, not a JSON value`,
  );
}

/** Short description of a value for messages: its JSON (cut at 60 characters) or its type. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'function' || typeof value === 'bigint' || typeof value === 'symbol')
    return typeof value;
  const text = JSON.stringify(value) ?? typeof value;
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return Array.isArray(value) ? `an array ${shown}` : shown;
}
