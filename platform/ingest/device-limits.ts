import type { RejectReason } from './rejections.ts';

export interface DeviceLimitsOptions {
  /** Messages a second one device may send (a token bucket holding one second's worth). 0: no limit. */
  messagesPerSecond: number;
  /** Payload bytes a second one device may send (bucket of one second's worth, at least one largest message). 0: no limit. */
  bytesPerSecond: number;
  /** The largest single message (maxPayloadBytes): a byte bucket always holds at least this much. */
  maxPayloadBytes: number;
}

/** Why a message was refused, and whether the device is told (once per second, not per message). */
export interface LimitRefusal {
  reason: Extract<RejectReason, 'rate_limited' | 'byte_rate_limited'>;
  message: string;
  notify: boolean;
}

interface Bucket {
  messages: number;
  bytes: number;
  at: number;
  notifiedAt: number;
}

/**
 * Per-device message rate and byte rate at ingest: token buckets refilled continuously, so a device
 * may burst up to a second's worth and then keeps to its rate. Buckets are kept only for devices the
 * caller checks (registered ones), and forgotten after a minute of silence.
 */
export class DeviceLimits {
  readonly #o: DeviceLimitsOptions;
  readonly #buckets = new Map<string, Bucket>();
  #sweptAt = 0;

  constructor(options: DeviceLimitsOptions) {
    this.#o = options;
  }

  get enabled(): boolean {
    return this.#o.messagesPerSecond > 0 || this.#o.bytesPerSecond > 0;
  }

  /** Takes one message of `bytes` from the device's budget; a refusal when it has none left. */
  check(deviceId: string, bytes: number, nowMs: number): LimitRefusal | undefined {
    const { messagesPerSecond: rate, bytesPerSecond: byteRate } = this.#o;
    if (rate <= 0 && byteRate <= 0) return undefined;
    const byteBurst = Math.max(byteRate, this.#o.maxPayloadBytes);
    let b = this.#buckets.get(deviceId);
    if (!b) {
      b = { messages: rate, bytes: byteBurst, at: nowMs, notifiedAt: Number.NEGATIVE_INFINITY };
      this.#buckets.set(deviceId, b);
      this.#sweep(nowMs);
    } else {
      const s = Math.max(0, nowMs - b.at) / 1000;
      b.messages = Math.min(rate, b.messages + s * rate);
      b.bytes = Math.min(byteBurst, b.bytes + s * byteRate);
      b.at = nowMs;
    }
    let refusal: Omit<LimitRefusal, 'notify'> | undefined;
    if (rate > 0 && b.messages < 1)
      refusal = {
        reason: 'rate_limited',
        message: `device ${deviceId} sends more than ${rate} messages a second (config deviceLimits.messagesPerSecond); send less often or batch fields into fewer messages`,
      };
    else if (byteRate > 0 && b.bytes < bytes)
      refusal = {
        reason: 'byte_rate_limited',
        message: `device ${deviceId} sends more than ${byteRate} payload bytes a second (config deviceLimits.bytesPerSecond); send smaller or fewer messages`,
      };
    if (refusal) {
      const notify = nowMs - b.notifiedAt >= 1_000;
      if (notify) b.notifiedAt = nowMs;
      return { ...refusal, notify };
    }
    if (rate > 0) b.messages -= 1;
    if (byteRate > 0) b.bytes -= bytes;
    return undefined;
  }

  /** Devices with a bucket (for tests and metrics). */
  get size(): number {
    return this.#buckets.size;
  }

  #sweep(nowMs: number): void {
    if (nowMs - this.#sweptAt < 60_000) return;
    this.#sweptAt = nowMs;
    for (const [id, b] of this.#buckets) if (nowMs - b.at > 60_000) this.#buckets.delete(id);
  }
}
