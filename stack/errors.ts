/** Stable error codes of the stack part. Each message says what was wrong and what to do. */
export const STACK_ERROR_CODES = {
  NO_ENGINE: 'TB_ERR_STACK_NO_ENGINE',
  NO_BACKEND: 'TB_ERR_STACK_NO_BACKEND',
  BINARY_MISSING: 'TB_ERR_STACK_BINARY_MISSING',
  PORT_TAKEN: 'TB_ERR_STACK_PORT_TAKEN',
  NOT_READY: 'TB_ERR_STACK_NOT_READY',
  BAD_OPTIONS: 'TB_ERR_STACK_BAD_OPTIONS',
  INFLUX_REQUEST: 'TB_ERR_STACK_INFLUX_REQUEST',
} as const;

export type StackErrorCode = (typeof STACK_ERROR_CODES)[keyof typeof STACK_ERROR_CODES];

export class StackError extends Error {
  readonly code: StackErrorCode;
  /** Last log lines of the service that failed, when there is one. */
  readonly logTail: readonly string[];
  /** HTTP status, for errors answered by a service (InfluxDB). */
  readonly httpStatus: number | undefined;

  constructor(
    code: StackErrorCode,
    message: string,
    options: { cause?: unknown; logTail?: readonly string[]; httpStatus?: number } = {},
  ) {
    const tail = options.logTail ?? [];
    super(tail.length > 0 ? `${message}\nLast log lines:\n  ${tail.join('\n  ')}` : message, {
      cause: options.cause,
    });
    this.name = 'StackError';
    this.code = code;
    this.logTail = tail;
    this.httpStatus = options.httpStatus;
  }
}
