import type { FastifyBaseLogger as Logger } from 'fastify';
import type { PlatformMetrics } from '../plugins/metrics.ts';

export type RejectReason =
  | 'oversized'
  | 'too_deep'
  | 'malformed_json'
  | 'invalid_payload'
  | 'unknown_device'
  | 'unknown_topic'
  | 'invalid_device_id'
  | 'device_limit'
  | 'rate_limited'
  | 'byte_rate_limited'
  | 'no_type'
  | 'shadow_rejected'
  | 'unknown_command'
  | 'internal_error';

/**
 * Distinct keys (device or topic) one reason may log per interval. A flood of messages on ever new
 * topics or names (each a key of its own) is then logged as a few lines plus a count, not a line each.
 */
export const LOG_KEYS_PER_REASON = 20;

/** Longest topic or name put into a log line; longer ones are cut (a 60 000-character name is not logged whole). */
const SHOWN_CHARS = 200;

const shown = (s: string | undefined): string | undefined =>
  s === undefined || s.length <= SHOWN_CHARS ? s : `${s.slice(0, SHOWN_CHARS)}…(${s.length} chars)`;

/**
 * Counts every rejection and logs it at most once per device and reason per interval, so a device
 * flooding bad payloads cannot flood the log; and at most `LOG_KEYS_PER_REASON` devices or topics per
 * reason per interval, so neither can a flood of ever new names. Internal errors on a message are
 * logged at error level under the same limits (`internal`).
 */
export class Rejections {
  readonly #last = new Map<string, { at: number; suppressed: number }>();
  readonly #perReason = new Map<string, { since: number; logged: number; suppressed: number }>();
  readonly #intervalMs: number;
  readonly #log: Logger;
  readonly #metrics: PlatformMetrics;
  readonly #now: () => number;

  constructor(opts: { intervalMs: number; log: Logger; metrics: PlatformMetrics; now: () => number }) {
    this.#intervalMs = opts.intervalMs;
    this.#log = opts.log;
    this.#metrics = opts.metrics;
    this.#now = opts.now;
  }

  reject(reason: RejectReason, detail: { deviceId?: string; topic: string; message: string }): void {
    this.#metrics.rejected.inc({ reason });
    const quiet = this.#quiet(reason, detail.deviceId ?? detail.topic);
    if (quiet === undefined) return;
    this.#log.warn(
      {
        deviceId: shown(detail.deviceId),
        topic: shown(detail.topic),
        reason,
        suppressedSinceLast: quiet.sinceLast,
        ...(quiet.otherKeys > 0 ? { suppressedOtherKeys: quiet.otherKeys } : {}),
      },
      `rejected: ${shown(detail.message)}`,
    );
  }

  /**
   * A message that made the platform fail (a bug): counted as `internal_error`, logged at error level
   * with the error, under the same limits as rejections, so a message that always fails cannot flood
   * the log either.
   */
  internal(err: unknown, detail: { topic: string }): void {
    this.#metrics.rejected.inc({ reason: 'internal_error' });
    const quiet = this.#quiet('internal_error', detail.topic);
    if (quiet === undefined) return;
    this.#log.error(
      {
        err,
        topic: shown(detail.topic),
        suppressedSinceLast: quiet.sinceLast,
        ...(quiet.otherKeys > 0 ? { suppressedOtherKeys: quiet.otherKeys } : {}),
      },
      'ingest failed on a message; it was dropped',
    );
  }

  /** Undefined when this one stays out of the log; else how many were kept quiet before it. */
  #quiet(reason: string, keyOf: string): { sinceLast: number; otherKeys: number } | undefined {
    const key = `${keyOf}\u0000${reason}`;
    const now = this.#now();
    const last = this.#last.get(key);
    if (last && now - last.at < this.#intervalMs) {
      last.suppressed++;
      return undefined;
    }
    let budget = this.#perReason.get(reason);
    if (!budget || now - budget.since >= this.#intervalMs) {
      budget = { since: now, logged: 0, suppressed: budget?.suppressed ?? 0 };
      this.#perReason.set(reason, budget);
    }
    if (this.#intervalMs > 0 && budget.logged >= LOG_KEYS_PER_REASON) {
      budget.suppressed++;
      return undefined;
    }
    budget.logged++;
    const otherKeys = budget.suppressed;
    budget.suppressed = 0;
    this.#last.set(key, { at: now, suppressed: 0 });
    if (this.#last.size > 50_000) this.#last.clear();
    return { sinceLast: last?.suppressed ?? 0, otherKeys };
  }
}
