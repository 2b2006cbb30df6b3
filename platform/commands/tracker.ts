import { FINAL_COMMAND_STATUSES, type CommandLifecycleStatus, type CommandView } from '../../twin/index.ts';
import { PlatformError } from '../errors.ts';

export type CommandStatus = CommandLifecycleStatus;
/** A tracked command: twin's wire type, which the tracker mutates as responses come. */
export type CommandRecord = CommandView;
const FINAL: ReadonlySet<CommandStatus> = new Set(FINAL_COMMAND_STATUSES);

export interface CommandTrackerOptions {
  now?: () => number;
  /** Default per-command timeout. Default 10 000 ms. */
  defaultTimeoutMs?: number;
  /** Finished commands kept for lookups and retries. Default 10 000. */
  keepFinished?: number;
  /** Commands not finished (pending, delivered) one device may have; one more is refused with 429. Default 16. */
  maxInFlightPerDevice?: number;
  onChange?: (record: CommandRecord) => void;
}

/** A device has as many commands in flight as it may: `retryAfterS` is when the oldest one times out. */
export class TooManyCommandsError extends PlatformError {
  readonly retryAfterS: number;

  constructor(deviceId: string, limit: number, retryAfterS: number) {
    super(
      'TOO_MANY_COMMANDS',
      `Device ${deviceId} already has ${limit} commands that are not finished (the limit, maxCommandsInFlight); wait for their responses, or retry after ${retryAfterS} s, when the oldest times out.`,
    );
    this.retryAfterS = retryAfterS;
  }
}

/**
 * Tracks commands pending → delivered → succeeded | failed | timed_out; retries with the same id are
 * deduplicated; at most `maxInFlightPerDevice` unfinished commands per device (restored ones count).
 */
export class CommandTracker {
  readonly #records = new Map<string, CommandRecord>();
  /** Unfinished commands per device. */
  readonly #inFlight = new Map<string, number>();
  readonly #maxInFlight: number;
  readonly #now: () => number;
  readonly #defaultTimeoutMs: number;
  readonly #keep: number;
  readonly #onChange: (record: CommandRecord) => void;

  constructor(options: CommandTrackerOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#defaultTimeoutMs = options.defaultTimeoutMs ?? 10_000;
    this.#keep = options.keepFinished ?? 10_000;
    this.#maxInFlight = options.maxInFlightPerDevice ?? 16;
    this.#onChange = options.onChange ?? (() => undefined);
  }

  /** A new command, or the existing one when a retry carries the same id (created: false). */
  create(input: {
    id: string;
    deviceId: string;
    name: string;
    params: Record<string, unknown>;
    timeoutMs?: number;
  }): { record: CommandRecord; created: boolean } {
    const existing = this.#records.get(input.id);
    if (existing) {
      if (existing.deviceId !== input.deviceId || existing.name !== input.name) {
        throw new PlatformError(
          'COMMAND_ID_CONFLICT',
          `Command id ${input.id} is already used for '${existing.name}' on ${existing.deviceId}; use a new id for a different command.`,
        );
      }
      return { record: existing, created: false };
    }
    if (this.inFlight(input.deviceId) >= this.#maxInFlight)
      throw new TooManyCommandsError(input.deviceId, this.#maxInFlight, this.#retryAfterS(input.deviceId));
    const record: CommandRecord = {
      id: input.id,
      deviceId: input.deviceId,
      name: input.name,
      params: input.params,
      status: 'pending',
      createdAt: this.#now(),
      timeoutMs: input.timeoutMs ?? this.#defaultTimeoutMs,
    };
    this.#records.set(record.id, record);
    this.#count(record.deviceId, +1);
    this.#trim();
    this.#onChange(record);
    return { record, created: true };
  }

  /** Commands of the device that are not finished. */
  inFlight(deviceId: string): number {
    return this.#inFlight.get(deviceId) ?? 0;
  }

  /**
   * Takes back a command of before a restart (rebuilt from history), with its creation time and
   * timeout. One in flight: a response still completes it, and `sweep` times it out at its original
   * deadline (at once when that passed while the platform was down). A finished one: looked up as
   * before, and a response to it is ignored. Either way a retry with its id is not sent again.
   * Announces nothing. A command already tracked is left as it is.
   */
  restore(record: CommandRecord): void {
    if (this.#records.has(record.id)) return;
    this.#records.set(record.id, { ...record });
    if (!FINAL.has(record.status)) this.#count(record.deviceId, +1);
    this.#trim();
  }

  get(id: string): CommandRecord | undefined {
    return this.#records.get(id);
  }

  list(deviceId?: string): CommandRecord[] {
    const all = [...this.#records.values()];
    return deviceId ? all.filter((r) => r.deviceId === deviceId) : all;
  }

  /**
   * Applies a device's response. Returns the record, or undefined for an unknown id or a device that
   * does not own the command. Responses after a final status are ignored (a late success stays timed out).
   */
  respond(
    deviceId: string,
    response: { id: string; status: 'delivered' | 'succeeded' | 'failed'; result?: unknown; error?: string },
  ): CommandRecord | undefined {
    const record = this.#records.get(response.id);
    if (!record || record.deviceId !== deviceId) return undefined;
    if (FINAL.has(record.status)) return record;
    const now = this.#now();
    if (response.status === 'delivered') {
      if (record.status === 'pending') {
        record.status = 'delivered';
        record.deliveredAt = now;
        this.#onChange(record);
      }
      return record;
    }
    record.deliveredAt ??= now;
    record.status = response.status;
    this.#count(record.deviceId, -1);
    record.completedAt = now;
    record.latencyMs = now - record.createdAt;
    if (response.result !== undefined) record.result = response.result;
    if (response.error !== undefined) record.error = response.error;
    this.#onChange(record);
    return record;
  }

  /** Marks overdue commands timed_out; call periodically. Returns them. */
  sweep(): CommandRecord[] {
    const now = this.#now();
    const out: CommandRecord[] = [];
    for (const record of this.#records.values()) {
      if (FINAL.has(record.status) || now - record.createdAt < record.timeoutMs) continue;
      record.status = 'timed_out';
      this.#count(record.deviceId, -1);
      record.completedAt = now;
      record.latencyMs = now - record.createdAt;
      record.error = `no final response within ${record.timeoutMs} ms`;
      out.push(record);
      this.#onChange(record);
    }
    return out;
  }

  #count(deviceId: string, by: 1 | -1): void {
    const n = (this.#inFlight.get(deviceId) ?? 0) + by;
    if (n > 0) this.#inFlight.set(deviceId, n);
    else this.#inFlight.delete(deviceId);
  }

  /** Whole seconds until the device's oldest unfinished command times out (at least 1). */
  #retryAfterS(deviceId: string): number {
    const now = this.#now();
    let first = Number.POSITIVE_INFINITY;
    for (const r of this.#records.values())
      if (r.deviceId === deviceId && !FINAL.has(r.status)) first = Math.min(first, r.createdAt + r.timeoutMs);
    return Math.max(1, Math.ceil((first - now) / 1000));
  }

  #trim(): void {
    if (this.#records.size <= this.#keep) return;
    for (const [id, record] of this.#records) {
      if (this.#records.size <= this.#keep) break;
      if (FINAL.has(record.status)) this.#records.delete(id);
    }
  }
}
