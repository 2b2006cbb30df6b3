import { TwinbenchError } from '../twin/index.ts';

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

/**
 * An error of the stack part (a `TwinbenchError`). `statusCode` is the HTTP status of a service's
 * answer (InfluxDB) when there is one; `logTail` the last log lines of the service that failed.
 */
export class StackError extends TwinbenchError {
  declare readonly code: StackErrorCode;
  /** Last log lines of the service that failed, when there is one. */
  readonly logTail: readonly string[];

  constructor(
    code: StackErrorCode,
    message: string,
    options: { cause?: unknown; logTail?: readonly string[]; statusCode?: number } = {},
  ) {
    const tail = options.logTail ?? [];
    super(code, tail.length > 0 ? `${message}\nLast log lines:\n  ${tail.join('\n  ')}` : message, {
      cause: options.cause,
      ...(options.statusCode !== undefined ? { statusCode: options.statusCode } : {}),
    });
    this.logTail = tail;
  }
}
