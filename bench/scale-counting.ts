// How the scale bench counts readings: at the central broker as they arrive, in InfluxDB per device
// (points and sequence gaps) once the run is over, and liveness's offline transitions.
import mqtt from 'mqtt';
import type { InfluxClient } from '../stack/index.ts';
import { fmt } from './stats.ts';

/** Counts, at the central broker, the readings that left the edges (direct and batched). */
export async function countAtCentral(mqttUrl: string) {
  const client = await mqtt.connectAsync(mqttUrl, { clean: true, clientId: `scale-count-${process.pid}` });
  const seen = { direct: 0, batches: 0, childReadings: 0 };
  // A batch's readings each name their device: counting `"device":` avoids parsing 10,000 a second.
  const key = Buffer.from('"device":');
  client.on('message', (topic, payload) => {
    if (topic.endsWith('/children/telemetry')) {
      seen.batches++;
      for (let at = payload.indexOf(key); at >= 0; at = payload.indexOf(key, at + key.length))
        seen.childReadings++;
    } else seen.direct++;
  });
  await client.subscribeAsync(['tb/v1/+/telemetry', 'tb/v1/+/children/telemetry'], { qos: 1 });
  return { seen, close: () => client.endAsync() };
}

export type CentralCounter = Awaited<ReturnType<typeof countAtCentral>>;

export const KINDS = ['gateway', 'child', 'direct'] as const;
export type Kind = (typeof KINDS)[number];
const kindOf = (id: string): Kind =>
  id.includes('-gw-') ? 'gateway' : id.includes('-bat-') ? 'child' : 'direct';

/** What InfluxDB holds of one kind of device. */
export interface KindCount {
  devices: number;
  points: number;
  gaps: number;
  headMissing: number;
  fewest: number;
}

/**
 * What InfluxDB holds, per device: points, and gaps in the sequence numbers (one seq per device from
 * 1: a device's first point missing shows as min(_seq) > 1), added up by kind. `failed` says why the
 * count stopped, if it did: a failed count must not lose the run's other figures.
 */
export async function countStored(
  influx: InfluxClient,
  prefixes: readonly string[],
): Promise<{ per: Record<Kind, KindCount>; failed: string }> {
  const per = Object.fromEntries(
    KINDS.map((k) => [k, { devices: 0, points: 0, gaps: 0, headMissing: 0, fewest: Infinity }]),
  ) as Record<Kind, KindCount>;
  let failed = '';
  try {
    for (const prefix of prefixes) {
      const series = await influx.query(
        `SELECT count(_seq), min(_seq), max(_seq) FROM telemetry WHERE device_id =~ /^${prefix}/ GROUP BY device_id`,
      );
      for (const s of series) {
        const [, count, min, max] = (s.values[0] ?? []) as number[];
        const k = per[kindOf(String(s.tags?.device_id ?? ''))];
        k.devices++;
        k.points += count ?? 0;
        k.gaps += (max ?? 0) - (min ?? 0) + 1 - (count ?? 0);
        k.headMissing += (min ?? 1) - 1;
        k.fewest = Math.min(k.fewest, count ?? 0);
      }
    }
  } catch (err) {
    failed = (err as Error).message;
  }
  return { per, failed };
}

/** Offline transitions at or after `fromMs`, counted by reason, with the time of the first and last. */
export async function offlineTransitions(
  influx: InfluxClient,
  fromMs: number,
  toMs: number,
): Promise<string> {
  const series = await influx.query(
    `SELECT reason, device_id FROM liveness WHERE online = false AND time >= ${fromMs}ms AND time <= ${toMs}ms`,
  );
  const rows = series[0]?.values ?? [];
  if (rows.length === 0) return 'none';
  const by = new Map<string, number>();
  for (const r of rows) by.set(String(r[1]), (by.get(String(r[1])) ?? 0) + 1);
  const at = (r: unknown[] | undefined) => fmt((Number(r?.[0]) - fromMs) / 1000, 1);
  return (
    `${fmt(rows.length)} (${[...by].map(([k, n]) => `${k} ${fmt(n)}`).join(', ')}), ` +
    `the first ${at(rows[0])} s and the last ${at(rows.at(-1))} s into it`
  );
}
