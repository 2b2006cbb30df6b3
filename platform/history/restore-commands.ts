import { FINAL_COMMAND_STATUSES } from '../../twin/index.ts';
import type { CommandRecord, CommandStatus, CommandTracker } from '../commands/tracker.ts';
import type { HistoryPort } from '../ports/ports.ts';
import { MEASUREMENTS } from './measurements.ts';

/** How far back a restart looks for commands still in flight (the longest command timeout is 1 h). */
export const COMMAND_RESTORE_WINDOW_MS = 24 * 3_600_000;

const IN_FLIGHT: ReadonlySet<string> = new Set(['pending', 'delivered']);
const FINAL: ReadonlySet<string> = new Set(FINAL_COMMAND_STATUSES);

/**
 * Takes back the commands of the last 24 h at their newest status: those still `pending` or
 * `delivered` with their creation time and timeout, so they complete on a response or time out at
 * their original deadline; finished ones as they ended (status, latency, error), so a lookup or a
 * retry with the same id answers as before the restart. Returns how many were in flight.
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
    const [iTime, iId, iStatus, iDevice, iName, iCreated, iTimeout, iParams, iLatency, iError] = [
      col('time'),
      col('id'),
      col('status'),
      col('device_id'),
      col('name'),
      col('created_at'),
      col('timeout_ms'),
      col('params'),
      col('latency_ms'),
      col('error'),
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
        if (FINAL.has(status)) {
          record.completedAt = at;
          if (iLatency >= 0 && typeof row[iLatency] === 'number') record.latencyMs = row[iLatency] as number;
          if (iError >= 0 && typeof row[iError] === 'string') record.error = row[iError] as string;
        }
      }
      byId.set(id, record);
    }
  }
  let restored = 0;
  for (const { lastAt: _lastAt, ...record } of byId.values()) {
    if (!record.deviceId || !record.name) continue;
    if (!Number.isFinite(record.createdAt) || !Number.isFinite(record.timeoutMs)) continue;
    tracker.restore(record);
    if (IN_FLIGHT.has(record.status)) restored++;
  }
  return restored;
}
