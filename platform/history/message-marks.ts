import { createHash } from 'node:crypto';
import type { HistoryPort } from '../ports/ports.ts';
import { MEASUREMENTS } from './measurements.ts';

/** How far back a restarted platform remembers which shadow requests it applied. */
export const MARK_MEMORY_MS = 10 * 60_000;
/** Marks kept in memory at most (the oldest are forgotten first). */
const MAX_MARKS = 100_000;

/** Shadow requests are the messages that bump a version; the rest are idempotent by their point. */
export const isMarked = (topic: string): boolean => topic.startsWith('$aws/things/');

/**
 * Which shadow requests (by a hash of topic and payload) were applied: each shadow point written while
 * one is handled carries its mark (field `msg`), and a restarted platform reads the marks of the last
 * ten minutes back. A request the broker delivers again after a crash (flagged DUP) whose mark is known
 * was applied and stored already: it is acknowledged without bumping the version a second time.
 */
export class MessageMarks {
  /** The mark of the shadow request being handled now (synchronously), for the history sink. */
  current: string | undefined;
  readonly #applied = new Set<string>();

  static of(topic: string, payload: Buffer): string {
    return createHash('sha1').update(topic).update('\u0000').update(payload).digest('base64url');
  }

  /** Whether a request with this mark was applied (in this process, or before a restart). */
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

  /** Reads back the marks of the shadow points written in the last MARK_MEMORY_MS; returns how many. */
  async restore(client: Pick<HistoryPort, 'query'>): Promise<number> {
    let n = 0;
    for (const s of await client.query(
      `SELECT "msg" FROM ${MEASUREMENTS.shadow} WHERE time > now() - ${MARK_MEMORY_MS}ms`,
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
