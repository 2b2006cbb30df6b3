// Gateways with children against a real Mosquitto, InfluxDB and platform process: children are twins
// behind their gateway, follow its liveness, answer commands and obey deltas through it, show radio
// loss as gaps in their seq, and follow a move to another gateway.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../index.ts';
import { eventually, startTestPlatform, type TestPlatform, type TwinView } from './platform.ts';

let t: TestPlatform;
let fleet: Fleet;

type ChildView = TwinView & { device: TwinView['device'] & { gateway?: string } };

async function twin(id: string): Promise<ChildView> {
  const r = await t.api<ChildView>(`/devices/${id}`);
  if (r.status !== 200) throw new Error(`${id}: ${r.status}`);
  return r.body;
}

beforeAll(async () => {
  t = await startTestPlatform({ heartbeatTimeoutMs: 30_000 });
  fleet = await startFleet(
    {
      seed: 17,
      keepaliveSeconds: 1,
      groups: [],
      gateways: [
        {
          count: 2,
          publishIntervalMs: 2000,
          children: { type: 'env_sensor', count: 3, idPattern: 'leaf-{n:03}', publishIntervalMs: 500 },
          batchWindowMs: 50,
          floor: 'G',
        },
      ],
    },
    { mqttUrl: t.mqttUrl, reconnectBackoff: { initialMs: 100, maxMs: 500 } },
  );
}, 60_000);

afterAll(async () => {
  await fleet?.stop();
  await t?.close();
});

describe('gateways with children', () => {
  it('children appear as twins behind their gateway, with telemetry', async () => {
    await eventually(async () => {
      const kids = await t.api<{ device: { id: string; gateway?: string } }[]>('/devices/gw-0001/children');
      expect(kids.body.map((k) => k.device.id)).toEqual(['leaf-001', 'leaf-002', 'leaf-003']);
    }, 15_000);
    await eventually(async () => {
      const leaf = await twin('leaf-004');
      // Placed on the gateway entry's floor, as its connect message said.
      expect(leaf.device).toMatchObject({ type: 'env_sensor', gateway: 'gw-0002', location: { floor: 'G' } });
      expect(leaf.online).toBe(true);
      expect(leaf.telemetry?.fields.temperature).toEqual(expect.any(Number));
      expect(leaf.shadow?.state.reported).toMatchObject({ interval_s: 0.5 }); // reported when announced
    }, 15_000);
    const gw = await twin('gw-0001');
    expect(gw.device.type).toBe('gateway');
    await eventually(async () =>
      expect((await twin('gw-0001')).telemetry?.fields.children_connected).toBe(3),
    );
  });

  it('a gateway going offline takes its children with it, and brings them back', async () => {
    const cut = fleet.inject({ kind: 'partition' }, { ids: ['gw-0001'] });
    await eventually(async () => expect((await twin('gw-0001')).online).toBe(false), 10_000);
    await eventually(async () => expect((await twin('leaf-002')).online).toBe(false), 5_000);
    expect((await twin('leaf-005')).online).toBe(true); // the other gateway's children stay
    cut.clear();
    await eventually(async () => expect((await twin('leaf-002')).online).toBe(true), 10_000);
  });

  it('a command to a child is published to its gateway and answered through it', async () => {
    const sent = await t.api<{ id: string }>('/devices/leaf-003/commands', {
      method: 'POST',
      body: { name: 'identify', params: { duration_s: 5 } },
    });
    expect(sent.status).toBe(202);
    await eventually(async () => {
      const c = await t.api<{ status: string; result?: unknown }>(`/commands/${sent.body.id}`);
      expect(c.body.status).toBe('succeeded');
    }, 10_000);
  });

  it("a child's shadow delta reaches it through its gateway, and it reports back", async () => {
    const r = await t.api('/devices/leaf-006/shadow', {
      method: 'POST',
      body: { state: { desired: { interval_s: 2 } } },
    });
    expect(r.status).toBe(200);
    await eventually(() => expect(fleet.device('leaf-006')?.model.publishIntervalMs()).toBe(2000), 10_000);
    await eventually(async () => {
      const s = (await twin('leaf-006')).shadow;
      expect(s?.state.reported?.interval_s).toBe(2);
      expect(s?.state.delta).toBeUndefined();
    }, 10_000);
  });

  it('radio loss shows as gaps in the child’s seq', async () => {
    const child = fleet.device('leaf-001');
    const before = child?.seq ?? 0;
    const lossy = fleet.inject({ kind: 'radio_loss', rate: 1 }, { ids: ['leaf-001'] });
    await eventually(() => expect((child?.seq ?? 0) - before).toBeGreaterThanOrEqual(3), 10_000);
    const lostUpTo = child?.seq ?? 0;
    lossy.clear();
    await eventually(async () => expect((await twin('leaf-001')).telemetry?.seq).toBeGreaterThan(lostUpTo));
    // History has the readings on both sides of the loss, and none of the lost ones.
    await eventually(async () => {
      const h = await t.api<{ columns: string[]; rows: unknown[][] }>(
        '/devices/leaf-001/history?kind=telemetry&from=-10m',
      );
      const col = h.body.columns.findIndex((c) => c === '_seq' || c === 'seq');
      expect(col).toBeGreaterThanOrEqual(0);
      const seqs = new Set(h.body.rows.map((r) => Number(r[col])));
      expect(seqs.has(before)).toBe(true);
      expect([...seqs].some((s) => s > lostUpTo)).toBe(true);
      const missing = [];
      for (let s = before + 1; s <= lostUpTo; s++) if (!seqs.has(s)) missing.push(s);
      expect(missing.length).toBeGreaterThanOrEqual(3);
    }, 10_000);
  });

  it('a child that connects through another gateway moves there; the old one cannot take it offline', async () => {
    const client = await mqtt.connectAsync(t.mqttUrl, { clientId: 'gw-mover' });
    try {
      await client.publishAsync('tb/v1/gw-mover/status', JSON.stringify({ online: true, type: 'gateway' }), {
        qos: 1,
        retain: true,
      });
      await client.publishAsync(
        'tb/v1/gw-mover/children/connect',
        JSON.stringify({ device: 'leaf-002', type: 'env_sensor', ts: Date.now() + 60_000 }),
        { qos: 1 },
      );
      await eventually(async () => expect((await twin('leaf-002')).device.gateway).toBe('gw-mover'));
      const kids = await t.api<{ device: { id: string } }[]>('/devices/gw-0001/children');
      expect(kids.body.map((k) => k.device.id)).not.toContain('leaf-002');
      // The old gateway still carries the simulated child and reconnects it: a late connect through
      // the gateway it left does not move it back.
      fleet.inject({ kind: 'mesh_drop', durationMs: 500 }, { ids: ['leaf-002'] });
      await new Promise((r) => setTimeout(r, 2000));
      expect((await twin('leaf-002')).device.gateway).toBe('gw-mover');
    } finally {
      await client.publishAsync('tb/v1/gw-mover/status', '', { qos: 1, retain: true });
      await client.endAsync();
    }
  });
});
