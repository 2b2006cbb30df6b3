import type { CommandRecord, CommandStatus, CommandTracker } from '../commands/tracker.ts';
import type { HistoryPort } from '../ports/ports.ts';
import { MEASUREMENTS } from './measurements.ts';

/** How far back a restart looks for commands still in flight (the longest command timeout is 1 h). */
export const COMMAND_RESTORE_WINDOW_MS = 24 * 3_600_000;

const IN_FLIGHT: ReadonlySet<string> = new Set(['pending', 'delivered']);

/**
 * Takes back the commands that were in flight when the platform stopped: the newest status of each
 * command of the last 24 h; those still `pending` or `delivered` go back into the tracker with their
 * creation time and timeout, so they complete on a response or time out at their original deadline.
 * Returns how many.
 */
export async function restoreCommands(
  tracker: CommandTracker,
  client: Pick<HistoryPort, 'query'>,
): Promise<number> {
  const series = await client.query(
    `SELECT * FROM ${MEASUREMENTS.commands} WHERE time > now() - ${COMMAND_RESTORE_WINDOW_MS}ms ORDER BY time ASC`,
  );
  const byId = new Map<string, CommandRecord & { lastAt: number }>();
  for (const s of series) {
    const col = (name: string) => s.columns.indexOf(name);
    const [iTime, iId, iStatus, iDevice, iName, iCreated, iTimeout, iParams] = [
      col('time'),
      col('id'),
      col('status'),
      col('device_id'),
      col('name'),
      col('created_at'),
      col('timeout_ms'),
      col('params'),
    ];
    for (const row of s.values) {
      const id = row[iId];
      const status = row[iStatus];
      if (typeof id !== 'string' || typeof status !== 'string') continue;
      const at = Number(row[iTime]);
      const known = byId.get(id);
      const record: CommandRecord & { lastAt: number } = known ?? {
        id,
        deviceId: String(row[iDevice] ?? s.tags?.device_id ?? ''),
        name: String(row[iName] ?? s.tags?.name ?? ''),
        params: {},
        status: status as CommandStatus,
        createdAt: Number.NaN,
        timeoutMs: Number.NaN,
        lastAt: at,
      };
      if (iParams >= 0 && typeof row[iParams] === 'string') {
        try {
          record.params = JSON.parse(row[iParams] as string) as Record<string, unknown>;
        } catch {
          // A params field that is not JSON: the command goes back without its params.
        }
      }
      if (iCreated >= 0 && typeof row[iCreated] === 'number') record.createdAt = row[iCreated] as number;
      if (iTimeout >= 0 && typeof row[iTimeout] === 'number') record.timeoutMs = row[iTimeout] as number;
      if (at >= record.lastAt) {
        record.status = status as CommandStatus;
        record.lastAt = at;
        if (status === 'delivered') record.deliveredAt = at;
      }
      byId.set(id, record);
    }
  }
  let restored = 0;
  for (const { lastAt: _lastAt, ...record } of byId.values()) {
    if (!IN_FLIGHT.has(record.status) || !record.deviceId || !record.name) continue;
    if (!Number.isFinite(record.createdAt) || !Number.isFinite(record.timeoutMs)) continue;
    tracker.restore(record);
    restored++;
  }
  return restored;
}
