import { createHash } from 'node:crypto';
import type { HistoryPort } from '../ports/ports.ts';
import { MEASUREMENTS } from './measurements.ts';

/** How far back a restarted platform remembers which device messages it applied. */
export const MARK_MEMORY_MS = 10 * 60_000;
/** Marks kept in memory at most (the oldest are forgotten first). */
const MAX_MARKS = 100_000;
/**
 * The measurements whose points carry the mark of the message that made them: every kind but
 * telemetry (a reading with the device's `ts` is its own point whatever makes it twice; reading marks
 * back from telemetry would scan the busiest measurement at every start).
 */
export const MARKED_MEASUREMENTS = [
  MEASUREMENTS.shadow,
  MEASUREMENTS.liveness,
  MEASUREMENTS.events,
  MEASUREMENTS.commands,
  MEASUREMENTS.devices,
] as const;

/**
 * Which device messages were applied: every point but telemetry written while a message is handled
 * carries the message's mark (field `msg`: a hash of topic, payload and MQTT packet id), and a
 * restarted platform reads the marks of the last ten minutes back. A message the broker delivers
 * again after a crash (flagged DUP, with its first packet id) whose mark is known was applied and
 * stored already: it is acknowledged without being applied a second time (no second shadow version,
 * liveness transition, event point or command transition). The packet id tells apart two messages
 * with the same bytes (a lamp switched on, off and on again). A mark is computed only when a point
 * asks for it, so telemetry costs nothing.
 */
export class MessageMarks {
  readonly #applied = new Set<string>();
  #topic = '';
  #payload: Buffer | undefined;
  #packetId: number | undefined;
  #mark: string | undefined;

  static of(topic: string, payload: Buffer, packetId?: number): string {
    const h = createHash('sha1').update(topic).update('\u0000').update(payload);
    if (packetId !== undefined) h.update(`\u0000${packetId}`);
    return h.digest('base64url');
  }

  /** A message is being handled (synchronously, until `end`). */
  begin(topic: string, payload: Buffer, packetId: number | undefined): void {
    this.#topic = topic;
    this.#payload = payload;
    this.#packetId = packetId;
    this.#mark = undefined;
  }

  /** The mark of the message being handled, for the history sink; undefined outside one. */
  get current(): string | undefined {
    if (this.#payload === undefined) return undefined;
    return (this.#mark ??= MessageMarks.of(this.#topic, this.#payload, this.#packetId));
  }

  /** The message is handled: if a point carries its mark, it is remembered as applied. */
  end(): void {
    if (this.#mark !== undefined) this.remember(this.#mark);
    this.#payload = undefined;
    this.#mark = undefined;
  }

  /** Whether a message with this mark was applied (in this process, or before a restart). */
  applied(mark: string): boolean {
    return this.#applied.has(mark);
  }

  remember(mark: string): void {
    this.#applied.add(mark);
    if (this.#applied.size > MAX_MARKS) {
      const oldest = this.#applied.values().next().value;
      if (oldest !== undefined) this.#applied.delete(oldest);
    }
  }

  /** Reads back the marks of the points written in the last MARK_MEMORY_MS; returns how many. */
  async restore(client: Pick<HistoryPort, 'query'>): Promise<number> {
    let n = 0;
    for (const s of await client.query(
      `SELECT "msg" FROM ${MARKED_MEASUREMENTS.join(',')} WHERE time > now() - ${MARK_MEMORY_MS}ms`,
    )) {
      const i = s.columns.indexOf('msg');
      for (const row of s.values) {
        const mark = row[i];
        if (typeof mark === 'string' && mark !== '') {
          this.remember(mark);
          n++;
        }
      }
    }
    return n;
  }
}
