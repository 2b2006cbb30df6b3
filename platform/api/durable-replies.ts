import fp from 'fastify-plugin';
import { PlatformError } from '../errors.ts';

/** How long a REST change waits for InfluxDB to store it before the answer is 503 instead. */
export const DURABLE_REPLY_MS = 5_000;

const CHANGES: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A REST change is answered 2xx only once what it changed is stored in InfluxDB, the store a restarted
 * platform rebuilds from (history/restore*.ts): a crash right after a 2xx loses nothing. The change
 * itself was applied (and a command published) when the route ran; the answer waits for every history
 * line pushed so far, its own among them. While InfluxDB does not take it within DURABLE_REPLY_MS the
 * answer is 503 TB_ERR_PLATFORM_NOT_STORED (the lines stay queued and are retried). `timeoutMs`: that
 * wait, for tests.
 */
export const durableReplies = fp<{ timeoutMs?: number }>(
  async (app, { timeoutMs = DURABLE_REPLY_MS }) => {
    const { writer } = app.history;
    app.addHook('onSend', async (req, reply, payload) => {
      if (!CHANGES.has(req.method) || reply.statusCode >= 300) return payload;
      const durable = writer.whenDurable();
      if (!durable) return payload;
      writer.flushSoon();
      let timer: NodeJS.Timeout | undefined;
      const stored = await Promise.race([
        durable.then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
      ]);
      clearTimeout(timer);
      if (!stored)
        throw new PlatformError(
          'NOT_STORED',
          `${req.method} ${req.url} was applied but InfluxDB did not store it within ${timeoutMs} ms`,
        );
      return payload;
    });
  },
  { name: 'tb-durable-replies', dependencies: ['tb-history'] },
);
