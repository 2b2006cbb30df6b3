import { TwinbenchError } from '../twin/index.ts';

/** Stable error codes of the runtime part (I/O pieces shared by running processes). */
export const RUNTIME_ERROR_CODES = {
  INFLUX_REQUEST: 'TB_ERR_RUNTIME_INFLUX_REQUEST',
  INFLUX_NO_DB: 'TB_ERR_RUNTIME_INFLUX_NO_DB',
  LINE_PROTOCOL: 'TB_ERR_RUNTIME_LINE_PROTOCOL',
  TOKEN_FILE: 'TB_ERR_RUNTIME_TOKEN_FILE',
} as const;

export type RuntimeErrorCode = (typeof RUNTIME_ERROR_CODES)[keyof typeof RUNTIME_ERROR_CODES];

/**
 * An error of a runtime piece. `upstreamStatus` is the HTTP status a service (InfluxDB) answered, when
 * it answered at all: a request that got no answer carries the network error as `cause` instead.
 * `statusCode` stays unset: these errors never reach the API as they are (the platform maps them).
 */
export class RuntimeError extends TwinbenchError {
  declare readonly code: RuntimeErrorCode;
  readonly upstreamStatus: number | undefined;
  /**
   * The whole `error` text of the service's JSON answer (InfluxDB: `{"error":"partial write: … dropped=2"}`),
   * uncut, where `message` shows only its start. Undefined when the answer was not such JSON.
   */
  readonly upstreamError: string | undefined;

  constructor(
    code: RuntimeErrorCode,
    message: string,
    options: { cause?: unknown; upstreamStatus?: number; upstreamError?: string } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.upstreamStatus = options.upstreamStatus;
    this.upstreamError = options.upstreamError;
  }

  /** The HTTP status InfluxDB answered (the name stack's errors used; kept for callers that read it). */
  get httpStatus(): number | undefined {
    return this.upstreamStatus;
  }
}
