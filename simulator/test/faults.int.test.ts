// Faults as the platform sees them: partitions and storms in liveness, trips and motion in events,
// gaps in seq, broken payloads in rejections, skewed clocks, floods, firmware, dead batteries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../index.ts';
import { eventually, startTestPlatform, type TestPlatform, type TwinView } from './platform.ts';

let t: TestPlatform;
let fleet: Fleet;

async function twin(id: string): Promise<TwinView> {
  const r = await t.api<TwinView>(`/devices/${id}`);
  if (r.status !== 200) throw new Error(`${id}: ${r.status}`);
  return r.body;
}

async function events(id: string, type: string): Promise<Record<string, unknown>[]> {
  const h = await t.api<{ columns: string[]; rows: unknown[][] }>(
    `/devices/${id}/history?kind=events&from=-10m`,
  );
  const out = h.body.rows.map((r) => Object.fromEntries(h.body.columns.map((c, i) => [c, r[i]])));
  return out.filter((e) => e.type === type || JSON.stringify(e).includes(`"type":"${type}"`));
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${t.platform.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(name))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

beforeAll(async () => {
  t = await startTestPlatform({ heartbeatTimeoutMs: 30_000 });
  fleet = await startFleet(
    {
      seed: 21,
      keepaliveSeconds: 1,
      groups: [
        { type: 'smart_breaker', count: 3, publishIntervalMs: 1000 },
        { type: 'env_sensor', count: 4, publishIntervalMs: 1000 },
        { type: 'camera', count: 2, publishIntervalMs: 1000, options: { rebootDurationMs: 2000 } },
      ],
    },
    { mqttUrl: t.mqttUrl, reconnectBackoff: { initialMs: 100, maxMs: 500 } },
  );
});

afterAll(async () => {
  await fleet?.stop();
  await t?.close();
});

describe('faults seen by the platform', () => {
  it('partition: the broker gives up on the silent device (will), and it comes back when healed', async () => {
    const h = fleet.inject({ kind: 'partition' }, { ids: ['env-0001'] });
    await eventually(async () => expect((await twin('env-0001')).online).toBe(false), 8_000);
    expect(fleet.device('env-0001')?.connected).toBe(false);
    h.clear();
    await eventually(async () => expect((await twin('env-0001')).online).toBe(true), 8_000);
  });

  it('reconnect storm: every device drops and comes back', async () => {
    const before = fleet.stats().reconnects;
    const h = fleet.inject({ kind: 'reconnect_storm' });
    expect(h.active).toBe(false);
    await eventually(() => expect(fleet.stats().reconnects - before).toBe(9), 8_000);
    await eventually(() => expect(fleet.stats().connected).toBe(9));
  });

  it('overload trips a breaker (event and state), motion reaches the camera history', async () => {
    const overload = fleet.inject({ kind: 'overload', amps: 250 }, { ids: ['brk-0001'] });
    await eventually(async () =>
      expect((await twin('brk-0001')).telemetry?.fields.breaker_state).toBe('tripped'),
    );
    await eventually(async () => expect(await events('brk-0001', 'trip')).toHaveLength(1));
    overload.clear();
    fleet.inject({ kind: 'motion' }, { ids: ['cam-0001'] });
    await eventually(async () =>
      expect((await events('cam-0001', 'motion')).length).toBeGreaterThanOrEqual(1),
    );
    expect(() => fleet.inject({ kind: 'motion' }, { type: 'env_sensor' })).toThrow(
      /TB_ERR_SIMULATOR_FAULT_NOT_APPLICABLE|camera only/,
    );
  });

  it('drop_publishes leaves gaps in seq; malformed payloads are rejected by the platform', async () => {
    const dev = fleet.device('env-0002');
    const drop = fleet.inject({ kind: 'drop_publishes', rate: 1 }, { ids: ['env-0002'] });
    const seqBefore = dev?.seq ?? 0;
    await eventually(() => expect((dev?.seq ?? 0) - seqBefore).toBeGreaterThanOrEqual(3), 6_000);
    drop.clear();
    await eventually(async () =>
      expect((await twin('env-0002')).telemetry?.seq).toBeGreaterThan(seqBefore + 3),
    );
    expect(fleet.stats().dropped).toBeGreaterThanOrEqual(3);

    const rejected = await metric('twinbench_messages_rejected_total');
    const bad = fleet.inject({ kind: 'malformed', rate: 1 }, { ids: ['env-0003'] });
    await eventually(
      async () =>
        expect(await metric('twinbench_messages_rejected_total')).toBeGreaterThanOrEqual(rejected + 3),
      6_000,
    );
    bad.clear();
  });

  it('clock skew shifts timestamps; a flood raises seq fast', async () => {
    fleet.inject({ kind: 'clock_skew', ms: 3_600_000 }, { ids: ['brk-0002'] });
    await eventually(async () =>
      expect((await twin('brk-0002')).telemetry?.ts).toBeGreaterThan(Date.now() + 3_500_000),
    );

    const dev = fleet.device('brk-0003');
    const start = dev?.seq ?? 0;
    const flood = fleet.inject({ kind: 'flood', ratePerSecond: 500 }, { ids: ['brk-0003'] });
    await new Promise((r) => setTimeout(r, 1000));
    flood.clear();
    expect((dev?.seq ?? 0) - start).toBeGreaterThan(300);
    await eventually(async () => expect((await twin('brk-0003')).telemetry?.seq).toBe(dev?.seq));
  });

  it('firmware updates show in the twin; a drained battery takes the sensor down for good', async () => {
    fleet.inject({ kind: 'firmware', version: '9.9.9' }, { ids: ['cam-0002'] });
    await eventually(async () => expect((await twin('cam-0002')).device.fwVersion).toBe('9.9.9'), 10_000);
    await eventually(async () => expect((await twin('cam-0002')).online).toBe(true));

    fleet.inject({ kind: 'battery_depletion' }, { ids: ['env-0004'] });
    await eventually(async () => expect((await twin('env-0004')).online).toBe(false), 8_000);
    await eventually(async () => expect(await events('env-0004', 'battery_empty')).toHaveLength(1));
    expect(fleet.device('env-0004')?.connected).toBe(false);
  });
});
