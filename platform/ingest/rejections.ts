import type { FastifyBaseLogger as Logger } from 'fastify';
import type { PlatformMetrics } from '../plugins/metrics.ts';

export type RejectReason =
  | 'oversized'
  | 'malformed_json'
  | 'invalid_payload'
  | 'unknown_device'
  | 'unknown_topic'
  | 'invalid_device_id'
  | 'no_type'
  | 'shadow_rejected'
  | 'unknown_command';

/**
 * Counts every rejection and logs it at most once per device and reason per interval, so a device
 * flooding bad payloads cannot flood the log.
 */
export class Rejections {
  readonly #last = new Map<string, { at: number; suppressed: number }>();
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
    const key = `${detail.deviceId ?? detail.topic}\u0000${reason}`;
    const now = this.#now();
    const last = this.#last.get(key);
    if (last && now - last.at < this.#intervalMs) {
      last.suppressed++;
      return;
    }
    this.#last.set(key, { at: now, suppressed: 0 });
    if (this.#last.size > 50_000) this.#last.clear();
    this.#log.warn(
      { deviceId: detail.deviceId, topic: detail.topic, reason, suppressedSinceLast: last?.suppressed ?? 0 },
      `rejected: ${detail.message}`,
    );
  }
}
