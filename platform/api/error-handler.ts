import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ShadowError, TwinbenchError } from '../../twin/index.ts';
import { PLATFORM_ERRORS } from '../errors.ts';
import { InvalidDesiredError } from '../shadows/typed-shadow-book.ts';

/**
 * What a 5xx answer of the platform's own says. Never the error's message: that may carry internals
 * (InfluxDB's URL, InfluxQL, a broker error); the log has it.
 */
const PUBLIC_5XX: Record<string, string> = {
  [PLATFORM_ERRORS.HISTORY_UNAVAILABLE.code]:
    'History is unavailable: InfluxDB does not answer. Check it (GET /health, twinbench stack status); twins and live data keep working, and writes are retried.',
  [PLATFORM_ERRORS.NOT_STORED.code]:
    'The change was applied but is not stored yet: InfluxDB did not take it in time. It is retried and stored once InfluxDB answers, unless the platform stops first; check GET /health, then read the state back before retrying.',
  [PLATFORM_ERRORS.BROKER_UNAVAILABLE.code]:
    'The platform has no broker connection (it is starting or stopping); check GET /health and retry in a moment.',
};

const INTERNAL_MESSAGE =
  'Internal error: the platform failed on this request; its log (stderr) has the details. Please report it.';

/**
 * Every error answer: `{"code":"TB_ERR_…","message"}`, except shadow errors, which answer as AWS's
 * shadow service does (`{"code":404,"message","timestamp","clientToken"?}`). A 500 says only that it
 * is a bug; the details go to the log.
 */
export function errorHandler(
  this: unknown,
  err: FastifyError | Error,
  req: FastifyRequest,
  reply: FastifyReply,
) {
  if (err instanceof InvalidDesiredError)
    return reply.code(err.statusCode).send({ code: err.code, message: err.message });
  if (err instanceof ShadowError)
    return reply.code(err.statusCode).send(err.toPayload(Math.floor(req.server.settings.now() / 1000)));
  if (err instanceof TwinbenchError && err.statusCode !== undefined && err.statusCode < 500)
    return reply.code(err.statusCode).send({ code: err.code, message: err.message });
  if (
    err instanceof TwinbenchError &&
    err.statusCode !== undefined &&
    err.code.startsWith('TB_ERR_PLATFORM_')
  ) {
    req.log.warn({ err }, 'request failed');
    return reply
      .code(err.statusCode)
      .send({ code: err.code, message: PUBLIC_5XX[err.code] ?? INTERNAL_MESSAGE });
  }
  const e = err as { validation?: unknown; statusCode?: number; message: string; code?: string };
  if (e.validation)
    return reply
      .code(400)
      .send({ code: PLATFORM_ERRORS.BAD_REQUEST.code, message: `Invalid request: ${e.message}` });
  if (e.statusCode && e.statusCode < 500)
    return reply
      .code(e.statusCode)
      .send({ code: e.code ?? PLATFORM_ERRORS.BAD_REQUEST.code, message: e.message });
  req.log.error({ err }, 'request failed');
  return reply.code(500).send({ code: PLATFORM_ERRORS.INTERNAL.code, message: INTERNAL_MESSAGE });
}
