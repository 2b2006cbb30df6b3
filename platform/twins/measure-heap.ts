// Heap per twin of the TwinStore alone (no broker, no HTTP): N twins registered from birth details,
// with liveness and two telemetry messages each, in this process; heapUsed before and after, after GC.
//
//   npx node --expose-gc platform/twins/measure-heap.ts [twins=100000]   (STAGE=reg|live: stop there)
import type { DeviceType } from '../../twin/index.ts';
import { TwinStore } from './twin-store.ts';

const n = Number(process.argv[2] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
// Telemetry as the twinbench golden messages have it, per type (twin/json/golden/valid).
const SAMPLE_FIELDS: Partial<Record<DeviceType, string>> = {
  env_sensor:
    '{"temperature":21.5,"humidity":45.2,"pressure":1013.2,"battery":87,"motion":false,"uptime_s":3600}',
  smart_breaker:
    '{"voltage_an":230.1,"current_a":12.4,"active_power":8450,"power_factor":0.97,"frequency":50.01,"breaker_state":"closed","trip_count":0,"last_trip_cause":"none","curve":"C","fw_version":"2.4.1"}',
  camera: '{"fps":25,"resolution":"1920x1080","recording":true,"motion_events":3}',
};
const types = Object.keys(SAMPLE_FIELDS) as DeviceType[];
const fields = Object.values(SAMPLE_FIELDS);

const store = new TwinStore({ now: Date.now, heartbeatTimeoutMs: 60_000 });
const before = heap();
for (let i = 0; i < n; i++) {
  const id = `mem-${String(i).padStart(6, '0')}`;
  // As ingest gets them: parsed from JSON, so every string is a fresh copy.
  const b = JSON.parse(
    JSON.stringify({
      name: `Device ${i}`,
      tags: { group: types[i % 3] },
      location: {
        site: 'site-a',
        building: 'main',
        floor: `F${1 + (Math.floor(i / 100) % 10)}`,
        room: `R${i % 100}`,
        x: i % 50,
        y: 7,
        z: 3,
      },
      type: types[i % 3],
      fw: '1.4.2',
    }),
  );
  store.registry.add({
    id,
    type: b.type,
    name: id,
    tags: {},
    profile: 'twinbench',
    registeredAt: Date.now(),
    registeredBy: 'first_contact',
  });
  store.registry.update(id, { name: b.name, tags: b.tags, location: b.location, fwVersion: b.fw });
  if (process.env.STAGE === 'reg') continue;
  store.liveness.status(id, true, 'connected');
  if (process.env.STAGE === 'live') continue;
  for (let s = 1; s <= 2; s++) {
    const t = JSON.parse(`{"seq":${s},"fields":${fields[i % 3]}}`);
    store.liveness.seen(id);
    store.applyTelemetry(id, { ts: Date.now(), seq: t.seq, fields: t.fields });
  }
}
const after = heap();
console.log(
  `${n} twins: heap ${((after - before) / 1048576).toFixed(1)} MB, ${((after - before) / n).toFixed(0)} B per twin`,
);
if (store.registry.size !== n) throw new Error('lost twins');
