import fp from 'fastify-plugin';
import { InfluxClient } from '../../runtime/index.ts';
import { restoreFromHistory, type RestoreReport } from '../history/restore.ts';
import { MessageMarks } from '../history/message-marks.ts';
import { attachHistorySink } from '../history/sink.ts';
import { HistoryWriter } from '../history/writer.ts';
import type { HistoryPort } from '../ports/ports.ts';
import { LogLimiter } from './log-limiter.ts';

/** How long a closing platform waits for InfluxDB to take what is queued. */
export const CLOSE_FLUSH_MS = 10_000;

export interface HistoryService {
  /** The database (InfluxDB, or a fake in unit tests). */
  port: HistoryPort;
  /** Batches every twin change into the database. */
  writer: HistoryWriter;
  /** What was rebuilt from history at start (undefined with `restore: false`). */
  restoreReport: RestoreReport | undefined;
  /** Which shadow requests were applied (read back at start), so a redelivered one is not applied twice. */
  marks: MessageMarks;
}

/**
 * Decorates `history`. At registration it creates the database and (unless `restore: false`) rebuilds
 * the twins from it, then writes every twin change; on close it flushes (up to 10 s).
 */
export const historyPlugin = fp<{ port?: HistoryPort | undefined }>(
  async (app, { port: given }) => {
    const { settings, metrics, twins, log } = app;
    // Errors that can repeat per message or per batch are logged once per interval, with a count.
    const limiter = new LogLimiter(settings.rejectLogIntervalMs, settings.now);
    const port =
      given ??
      new InfluxClient({
        url: settings.influx.url,
        db: settings.influx.db,
        ...(settings.influx.auth ? { auth: settings.influx.auth } : {}),
      });
    const writer = new HistoryWriter({
      client: port,
      ...settings.history,
      onWrite: ({ lines, error }) => {
        if (error) {
          metrics.influxErrors.inc({ op: 'write' });
          log.warn({ err: error, lines }, 'history write failed');
        } else metrics.batchLines.observe(lines);
      },
      onDrop: (n) => {
        metrics.historyDropped.inc(n);
        const suppressedSinceLast = limiter.admit('dropped');
        if (suppressedSinceLast !== undefined)
          log.error({ lines: n, suppressedSinceLast }, 'history lines dropped');
      },
    });
    const service: HistoryService = { port, writer, restoreReport: undefined, marks: new MessageMarks() };
    app.decorate('history', service);
    await port.createDatabase(settings.influx.db);
    if (settings.restore) {
      service.restoreReport = await restoreFromHistory(twins, port);
      service.restoreReport.marks = await service.marks.restore(port);
      log.info(service.restoreReport, 'twins restored from history');
    }
    const detach = attachHistorySink(
      twins,
      writer,
      (err, change) => {
        metrics.historyDropped.inc();
        const suppressedSinceLast = limiter.admit(`encode\u0000${change.kind}`);
        if (suppressedSinceLast !== undefined)
          log.error(
            { err, kind: change.kind, deviceId: change.deviceId, suppressedSinceLast },
            'could not encode a change for history',
          );
      },
      service.marks,
    );
    app.addHook('onClose', async () => {
      const complete = await writer.close(CLOSE_FLUSH_MS);
      if (!complete)
        log.error({ left: writer.depth }, 'history not fully written at shutdown (InfluxDB unreachable)');
      detach();
    });
  },
  { name: 'tb-history', dependencies: ['tb-metrics', 'tb-twins'] },
);
