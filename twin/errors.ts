/**
 * Stable error codes of the twin part. Shadow request errors travel as `ShadowError` (an AWS-style
 * numeric `code` plus one of these in `twinCode`); programming errors (a bad topic profile, an
 * invalid device id handed to `topicFor`, a malformed state handed to `restore`) throw `TwinError`.
 * Validation of device messages never throws: it returns `Result` with readable messages.
 */
export const TWIN_ERROR_CODES = {
  SHADOW_INVALID_JSON: 'TB_ERR_TWIN_SHADOW_INVALID_JSON',
  SHADOW_MISSING_STATE: 'TB_ERR_TWIN_SHADOW_MISSING_STATE',
  SHADOW_NOT_AN_OBJECT: 'TB_ERR_TWIN_SHADOW_NOT_AN_OBJECT',
  SHADOW_INVALID_NODE: 'TB_ERR_TWIN_SHADOW_INVALID_NODE',
  SHADOW_INVALID_VERSION: 'TB_ERR_TWIN_SHADOW_INVALID_VERSION',
  SHADOW_INVALID_CLIENT_TOKEN: 'TB_ERR_TWIN_SHADOW_INVALID_CLIENT_TOKEN',
  SHADOW_TOO_DEEP: 'TB_ERR_TWIN_SHADOW_TOO_DEEP',
  SHADOW_INVALID_NAME: 'TB_ERR_TWIN_SHADOW_INVALID_NAME',
  SHADOW_NOT_FOUND: 'TB_ERR_TWIN_SHADOW_NOT_FOUND',
  SHADOW_VERSION_CONFLICT: 'TB_ERR_TWIN_SHADOW_VERSION_CONFLICT',
  SHADOW_TOO_LARGE: 'TB_ERR_TWIN_SHADOW_TOO_LARGE',
  SHADOW_TOO_MANY_REQUESTS: 'TB_ERR_TWIN_SHADOW_TOO_MANY_REQUESTS',
  SHADOW_INTERNAL: 'TB_ERR_TWIN_SHADOW_INTERNAL',
  SHADOW_BAD_RESTORE: 'TB_ERR_TWIN_SHADOW_BAD_RESTORE',
  TOPIC_BAD_PROFILE: 'TB_ERR_TWIN_TOPIC_BAD_PROFILE',
  TOPIC_NO_PATTERN: 'TB_ERR_TWIN_TOPIC_NO_PATTERN',
  TOPIC_BAD_DEVICE_ID: 'TB_ERR_TWIN_TOPIC_BAD_DEVICE_ID',
  TOPIC_BAD_SHADOW_NAME: 'TB_ERR_TWIN_TOPIC_BAD_SHADOW_NAME',
} as const;

export type TwinErrorCode = (typeof TWIN_ERROR_CODES)[keyof typeof TWIN_ERROR_CODES];

/**
 * The one error base class of twinbench: every part's errors extend it. `code` is stable
 * (`TB_ERR_<PART>_<WHAT>`), `statusCode` is the HTTP status where the error can reach the API, and
 * `message` says what was wrong and what to do. Callers test `instanceof TwinbenchError` (or
 * `isTwinbenchError`) instead of duck-typing `.code`.
 */
export class TwinbenchError extends Error {
  readonly code: string;
  readonly statusCode: number | undefined;

  constructor(code: string, message: string, options: { cause?: unknown; statusCode?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.statusCode = options.statusCode;
  }
}

export function isTwinbenchError(e: unknown): e is TwinbenchError {
  return e instanceof TwinbenchError;
}

/** Thrown for misuse of the twin API; `message` says what was wrong and what to do. */
export class TwinError extends TwinbenchError {
  declare readonly code: TwinErrorCode;

  constructor(code: TwinErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}
