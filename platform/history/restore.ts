import type { InfluxSeries } from '../../runtime/index.ts';
import type { HistoryPort } from '../ports/ports.ts';
import { DELETED_VERSION_RETENTION_MS, type ShadowState } from '../../twin/index.ts';
import type { DeviceRecord } from '../registry/registry.ts';
import type { TwinStore } from '../twins/twin-store.ts';
import { CLASSIC_SHADOW_TAG, MEASUREMENTS } from './measurements.ts';

export interface RestoreReport {
  devices: number;
  shadows: number;
  /** Deleted shadows whose version is remembered (deleted within the last 48 h). */
  deletedShadows: number;
  liveness: number;
  telemetry: number;
  /** Commands in flight taken back (set by the commands plugin, restore-commands.ts). */
  commands?: number;
  /** Shadow requests of the last minutes known as applied (message-marks.ts). */
  marks?: number;
  ms: number;
}

/** Rebuilds twins (registry, shadows with their versions, liveness, latest telemetry) from history. */
export async function restoreFromHistory(
  store: TwinStore,
  client: Pick<HistoryPort, 'query'>,
): Promise<RestoreReport> {
  const started = Date.now();
  const report: RestoreReport = {
    devices: 0,
    shadows: 0,
    deletedShadows: 0,
    liveness: 0,
    telemetry: 0,
    ms: 0,
  };

  for (const s of await client.query(
    `SELECT last(doc) AS doc FROM ${MEASUREMENTS.devices} GROUP BY device_id`,
  )) {
    const doc = firstValue(s, 'doc');
    if (typeof doc !== 'string') continue;
    const device = JSON.parse(doc) as DeviceRecord;
    store.registry.add({ ...device, registeredBy: device.registeredBy }, { replace: true, silent: true });
    report.devices++;
  }

  const shadowSeries = await client.query(
    `SELECT last(doc) AS doc, last(deleted) AS deleted FROM ${MEASUREMENTS.shadow} GROUP BY device_id, shadow`,
  );
  // With two selectors InfluxQL answers time 0, so the time of each shadow's last point (a deletion's
  // time, which the 48 h version memory counts from) comes from a query with one selector.
  const lastPointAt = new Map<string, number>();
  if (shadowSeries.some((s) => firstValue(s, 'deleted') === true)) {
    for (const s of await client.query(
      `SELECT last(deleted) AS deleted FROM ${MEASUREMENTS.shadow} WHERE time > now() - ${DELETED_VERSION_RETENTION_MS}ms GROUP BY device_id, shadow`,
    ))
      lastPointAt.set(`${s.tags?.device_id}\u0000${s.tags?.shadow}`, Number(firstValue(s, 'time')));
  }
  for (const s of shadowSeries) {
    const doc = firstValue(s, 'doc');
    if (typeof doc !== 'string') continue;
    const thing = s.tags?.device_id;
    const shadowTag = s.tags?.shadow;
    if (!thing) continue;
    const parsed = JSON.parse(doc) as {
      state: { desired?: ShadowState['desired']; reported?: ShadowState['reported'] };
      metadata: ShadowState['metadata'];
      version: number;
    };
    const time = Number(firstValue(s, 'time'));
    const shadowName = shadowTag === CLASSIC_SHADOW_TAG ? undefined : shadowTag;
    if (firstValue(s, 'deleted') === true) {
      // A deleted shadow's version is remembered, so one created again goes on from it (AWS: 48 h).
      const deletedAt = lastPointAt.get(`${thing}\u0000${shadowTag}`);
      if (
        deletedAt !== undefined &&
        store.shadows.restoreDeleted(thing, shadowName, parsed.version, deletedAt)
      )
        report.deletedShadows++;
      continue;
    }
    store.shadows.restore(thing, shadowName, {
      ...(parsed.state.desired ? { desired: parsed.state.desired } : {}),
      ...(parsed.state.reported ? { reported: parsed.state.reported } : {}),
      metadata: parsed.metadata ?? {},
      version: parsed.version,
      updatedAt: Math.floor(time / 1000),
    });
    report.shadows++;
  }

  for (const s of await client.query(
    `SELECT last(online) AS online FROM ${MEASUREMENTS.liveness} GROUP BY device_id`,
  )) {
    const id = s.tags?.device_id;
    const online = firstValue(s, 'online');
    if (!id || typeof online !== 'boolean') continue;
    // The platform was not listening while it was down: a device restored as online gets a whole
    // heartbeat window from now to show a sign of life, instead of timing out on its old last-seen.
    store.liveness.restore(id, online, online ? Date.now() : Number(firstValue(s, 'time')));
    report.liveness++;
  }

  // The newest point of each device (devices send whole readings); bounded in time so a long history does not slow the start.
  const telemetry = await client.query(
    `SELECT * FROM ${MEASUREMENTS.telemetry} WHERE time > now() - 30d GROUP BY device_id ORDER BY time DESC LIMIT 1`,
  );
  for (const s of telemetry) {
    const id = s.tags?.device_id;
    const row = s.values[0];
    if (!id || !row) continue;
    const fields: Record<string, number | boolean | string> = {};
    let seq: number | undefined;
    s.columns.forEach((col, i) => {
      const v = row[i];
      if (col === 'time' || col === 'type' || v === null || v === undefined) return;
      if (col === '_seq') seq = Number(v);
      else if (col !== '_sent') fields[col] = v as number | boolean | string;
    });
    store.restoreTelemetry(id, { ts: Number(row[0]), fields, ...(seq !== undefined ? { seq } : {}) });
    report.telemetry++;
  }
  report.ms = Date.now() - started;
  return report;
}

function firstValue(series: InfluxSeries, column: string): unknown {
  const i = series.columns.indexOf(column);
  return i < 0 ? undefined : series.values[0]?.[i];
}
