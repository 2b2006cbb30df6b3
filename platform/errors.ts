import { TwinbenchError } from '../twin/index.ts';

/** Stable error codes of the platform, with the HTTP status they map to where they reach the API. */
export const PLATFORM_ERRORS = {
  UNKNOWN_DEVICE: { code: 'TB_ERR_PLATFORM_UNKNOWN_DEVICE', status: 404 },
  DEVICE_EXISTS: { code: 'TB_ERR_PLATFORM_DEVICE_EXISTS', status: 409 },
  INVALID_DESIRED: { code: 'TB_ERR_PLATFORM_INVALID_DESIRED', status: 400 },
  INVALID_COMMAND: { code: 'TB_ERR_PLATFORM_INVALID_COMMAND', status: 400 },
  UNKNOWN_COMMAND: { code: 'TB_ERR_PLATFORM_UNKNOWN_COMMAND', status: 404 },
  COMMAND_ID_CONFLICT: { code: 'TB_ERR_PLATFORM_COMMAND_ID_CONFLICT', status: 409 },
  TOO_MANY_COMMANDS: { code: 'TB_ERR_PLATFORM_TOO_MANY_COMMANDS', status: 429 },
  NO_TYPE: { code: 'TB_ERR_PLATFORM_NO_TYPE', status: 400 },
  BAD_QUERY: { code: 'TB_ERR_PLATFORM_BAD_QUERY', status: 400 },
  BAD_CONFIG: { code: 'TB_ERR_PLATFORM_BAD_CONFIG', status: 500 },
  HISTORY_UNAVAILABLE: { code: 'TB_ERR_PLATFORM_HISTORY_UNAVAILABLE', status: 503 },
  BROKER_UNAVAILABLE: { code: 'TB_ERR_PLATFORM_BROKER_UNAVAILABLE', status: 503 },
  NOT_STORED: { code: 'TB_ERR_PLATFORM_NOT_STORED', status: 503 },
  BAD_REQUEST: { code: 'TB_ERR_PLATFORM_BAD_REQUEST', status: 400 },
  TOO_MUCH_DATA: { code: 'TB_ERR_PLATFORM_TOO_MUCH_DATA', status: 400 },
  NOT_BUILT: { code: 'TB_ERR_PLATFORM_NOT_BUILT', status: 404 },
  INTERNAL: { code: 'TB_ERR_PLATFORM_INTERNAL', status: 500 },
  UNAUTHORIZED: { code: 'TB_ERR_PLATFORM_UNAUTHORIZED', status: 401 },
  FORBIDDEN: { code: 'TB_ERR_PLATFORM_FORBIDDEN', status: 403 },
  ORIGIN_REFUSED: { code: 'TB_ERR_PLATFORM_ORIGIN_REFUSED', status: 403 },
  RATE_LIMITED: { code: 'TB_ERR_PLATFORM_RATE_LIMITED', status: 429 },
} as const;

export type PlatformErrorName = keyof typeof PLATFORM_ERRORS;

export type PlatformErrorCode = (typeof PLATFORM_ERRORS)[PlatformErrorName]['code'];

/** An error of the platform: `code` TB_ERR_PLATFORM_…, `statusCode` the HTTP status of the answer. */
export class PlatformError extends TwinbenchError {
  declare readonly code: PlatformErrorCode;
  declare readonly statusCode: number;

  constructor(name: PlatformErrorName, message: string, options: { cause?: unknown } = {}) {
    super(PLATFORM_ERRORS[name].code, message, { ...options, statusCode: PLATFORM_ERRORS[name].status });
  }
}
