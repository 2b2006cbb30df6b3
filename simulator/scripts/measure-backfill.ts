// Measures a backfill against the real platform and InfluxDB: 7 days of a 100-device mixed fleet at
// 5-minute points, then checks the points per device in history. Prints figures, asserts nothing.
//
//   npx node simulator/scripts/measure-backfill.ts [devices=100] [days=7] [intervalMin=5]
import { startFleet } from '../index.ts';
import { startTestPlatform } from '../test/platform.ts';

const devices = Number(process.argv[2] ?? 100);
const days = Number(process.argv[3] ?? 7);
const intervalMs = Number(process.argv[4] ?? 5) * 60_000;
const third = Math.floor(devices / 3);

const t = await startTestPlatform();
try {
  const fleet = await startFleet(
    {
      name: 'backfill',
      seed: 7,
      groups: [
        { type: 'smart_breaker', count: devices - 2 * third },
        { type: 'env_sensor', count: third },
        { type: 'camera', count: third },
      ],
    },
    { mqttUrl: t.mqttUrl, clock: { speed: 0 } },
  );
  const endMs = fleet.now() - 60_000;
  const t0 = performance.now();
  const r = await fleet.backfill({ durationMs: days * 86_400_000, intervalMs, endMs });
  const s = (performance.now() - t0) / 1000;
  console.log(
    `backfill: ${r.messages} messages (${r.devices} devices × ${days} d at ${intervalMs / 60_000} min, events included) in ${s.toFixed(1)} s = ${(r.messages / s).toFixed(0)} msg/s, all acknowledged by the broker`,
  );
  const expected = Math.floor((days * 86_400_000) / intervalMs);
  const t1 = performance.now();
  for (const d of [fleet.devices[0], fleet.devices[devices - 1]]) {
    for (;;) {
      const res = await fetch(
        `${t.platform.url}/devices/${d?.id}/history?kind=telemetry&from=${r.fromMs}&to=${r.toMs}&fields=uptime_s&limit=100000`,
        { headers: t.platform.token ? { authorization: `Bearer ${t.platform.token}` } : {} },
      );
      const body = (await res.json()) as { rows: number[][] };
      if (body.rows.length >= expected || performance.now() - t1 > 120_000) {
        console.log(
          `  ${d?.id}: ${body.rows.length}/${expected} points in InfluxDB, ${new Date(body.rows[0]?.[0] ?? 0).toISOString()} … ${new Date(body.rows.at(-1)?.[0] ?? 0).toISOString()}`,
        );
        break;
      }
      await new Promise((res2) => setTimeout(res2, 500));
    }
  }
  console.log(
    `  history complete ${((performance.now() - t0) / 1000).toFixed(1)} s after the start (platform → InfluxDB)`,
  );
  await fleet.stop();
} finally {
  await t.close();
}
