import { TwinbenchError, type TwinErrorCode } from '../errors.ts';

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
 * A rejected shadow request. `code` is the stable twinbench code (TB_ERR_TWIN_SHADOW_…, or another
 * part's code for a check it adds, e.g. the platform's TB_ERR_PLATFORM_INVALID_DESIRED); `statusCode` is
 * AWS's numeric code, which is what goes on the `/rejected` topic (`toPayload`) and the HTTP status.
 * The message starts with the AWS wording (e.g. "Version conflict") and adds what exactly was wrong.
 */
export class ShadowError extends TwinbenchError {
  declare readonly statusCode: ShadowErrorCode;
  /** The request's clientToken, echoed in the payload when the request carried a valid one. */
  readonly clientToken?: string;

  constructor(
    statusCode: ShadowErrorCode,
    code: TwinErrorCode | `TB_ERR_${string}`,
    message: string,
    options: { clientToken?: string | undefined; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause, statusCode });
    if (options.clientToken !== undefined) this.clientToken = options.clientToken;
  }

  /** The stable code; the name this field had before `code` became the string code. */
  get twinCode(): string {
    return this.code;
  }

  /** The `/rejected` payload (AWS's numeric code); `nowS` is the response time in epoch seconds. */
  toPayload(nowS: number): ShadowErrorPayload {
    const payload: ShadowErrorPayload = { code: this.statusCode, message: this.message, timestamp: nowS };
    if (this.clientToken !== undefined) payload.clientToken = this.clientToken;
    return payload;
  }
}
