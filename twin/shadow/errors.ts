import type { TwinErrorCode } from '../errors.ts';

/** HTTP-style codes of the AWS Device Shadow service that twinbench produces. */
export type ShadowErrorCode = 400 | 404 | 409 | 413 | 429 | 500;

/** Body of a `/rejected` message (and of an HTTP error answer), as AWS sends it. */
export interface ShadowErrorPayload {
  code: ShadowErrorCode;
  message: string;
  /** Epoch seconds. */
  timestamp: number;
  clientToken?: string;
}

/**
 * A rejected shadow request. `code` and `message` are what goes on the `/rejected` topic: the message
 * starts with the AWS wording (e.g. "Version conflict") and adds what exactly was wrong.
 */
export class ShadowError extends Error {
  readonly code: ShadowErrorCode;
  /** Stable twinbench code, for logs and the docs table. */
  readonly twinCode: TwinErrorCode;
  /** The request's clientToken, echoed in the payload when the request carried a valid one. */
  readonly clientToken?: string;

  constructor(
    code: ShadowErrorCode,
    twinCode: TwinErrorCode,
    message: string,
    options: { clientToken?: string | undefined; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ShadowError';
    this.code = code;
    this.twinCode = twinCode;
    if (options.clientToken !== undefined) this.clientToken = options.clientToken;
  }

  /** The `/rejected` payload; `nowS` is the response time in epoch seconds. */
  toPayload(nowS: number): ShadowErrorPayload {
    const payload: ShadowErrorPayload = { code: this.code, message: this.message, timestamp: nowS };
    if (this.clientToken !== undefined) payload.clientToken = this.clientToken;
    return payload;
  }
}
