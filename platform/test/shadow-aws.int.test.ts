// A raw MQTT client speaking the AWS IoT Device Shadow topic API as AWS documents it: topic strings and
// payload shapes are written out here, not taken from twin/, so this checks the contract from outside.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type TestDevice } from './harness.ts';

let h: Harness;
let dev: TestDevice;
const T = '$aws/things/lamp-aws/shadow';

beforeAll(async () => {
  h = await startHarness();
  dev = await h.device('lamp-aws', { subscribe: [`${T}/#`] });
});
afterAll(() => h?.close());

describe('AWS IoT Device Shadow topics', () => {
  it('get on a shadow that does not exist answers 404 on /get/rejected', async () => {
    await dev.publish(`${T}/get`, { clientToken: 'g0' });
    const r = await dev.next(`${T}/get/rejected`);
    expect(r.json).toMatchObject({ code: 404, clientToken: 'g0' });
    expect((r.json as { message: string }).message).toMatch(/No shadow exists/);
  });

  it('update answers /update/accepted with metadata per leaf, then /update/documents; delta when desired differs', async () => {
    await dev.publish(`${T}/update`, {
      state: { desired: { color: 'red', power: 'on' } },
      clientToken: 'u1',
    });
    const accepted = await dev.next(
      `${T}/update/accepted`,
      (m) => (m.json as { clientToken?: string }).clientToken === 'u1',
    );
    expect(accepted.json).toMatchObject({
      state: { desired: { color: 'red', power: 'on' } },
      metadata: {
        desired: { color: { timestamp: expect.any(Number) }, power: { timestamp: expect.any(Number) } },
      },
      version: 1,
      timestamp: expect.any(Number),
      clientToken: 'u1',
    });
    const delta = await dev.next(`${T}/update/delta`);
    expect(delta.json).toMatchObject({ state: { color: 'red', power: 'on' }, version: 1 });
    const docs = await dev.next(`${T}/update/documents`);
    expect(docs.json).toMatchObject({
      previous: null,
      current: { state: { desired: { color: 'red' } }, version: 1 },
      clientToken: 'u1',
    });
  });

  it('a report that matches desired clears the delta (no /update/delta is sent)', async () => {
    await dev.publish(`${T}/update`, {
      state: { reported: { color: 'red', power: 'on' } },
      clientToken: 'u2',
    });
    await dev.next(`${T}/update/accepted`, (m) => (m.json as { clientToken?: string }).clientToken === 'u2');
    await dev.publish(`${T}/get`, { clientToken: 'g1' });
    const got = await dev.next(
      `${T}/get/accepted`,
      (m) => (m.json as { clientToken?: string }).clientToken === 'g1',
    );
    expect(got.json).toMatchObject({
      state: { desired: { color: 'red' }, reported: { color: 'red' } },
      version: 2,
    });
    expect((got.json as { state: Record<string, unknown> }).state.delta).toBeUndefined();
    expect(dev.received.filter((m) => m.topic === `${T}/update/delta`)).toHaveLength(1);
  });

  it('rejects a stale version with 409 and changes nothing', async () => {
    await dev.publish(`${T}/update`, {
      state: { desired: { color: 'blue' } },
      version: 1,
      clientToken: 'u3',
    });
    const r = await dev.next(`${T}/update/rejected`);
    expect(r.json).toMatchObject({ code: 409, clientToken: 'u3' });
    const shadow = await h.api<{ state: { desired: { color: string } }; version: number }>(
      '/devices/lamp-aws/shadow',
    );
    expect(shadow.body).toMatchObject({ state: { desired: { color: 'red' } }, version: 2 });
  });

  it('rejects invalid JSON and a missing state with 400', async () => {
    await dev.publish(`${T}/update`, '{"state": ');
    expect(
      (await dev.next(`${T}/update/rejected`, (m) => (m.json as { code: number }).code === 400)).json,
    ).toMatchObject({ code: 400 });
    await dev.publish(`${T}/update`, { clientToken: 'nostate' });
    const r = await dev.next(
      `${T}/update/rejected`,
      (m) => (m.json as { clientToken?: string }).clientToken === 'nostate',
    );
    expect(r.json).toMatchObject({ code: 400 });
  });

  it('rejects a document over 8 KB with 413', async () => {
    await dev.publish(`${T}/update`, { state: { reported: { blob: 'x'.repeat(9000) } }, clientToken: 'big' });
    // The size is checked before the JSON is read, so the clientToken cannot be echoed.
    const r = await dev.next(`${T}/update/rejected`, (m) => (m.json as { code: number }).code === 413);
    expect((r.json as { message: string }).message).toMatch(/8192/);
  });

  it('null removes a key; named shadows are separate', async () => {
    await dev.publish(`${T}/update`, { state: { desired: { power: null } }, clientToken: 'n1' });
    await dev.next(`${T}/update/accepted`, (m) => (m.json as { clientToken?: string }).clientToken === 'n1');
    const shadow = await h.api<{ state: { desired: Record<string, unknown> } }>('/devices/lamp-aws/shadow');
    expect(shadow.body.state.desired).toEqual({ color: 'red' });

    await dev.publish(`${T}/name/config/update`, { state: { reported: { mode: 'eco' } } });
    const named = await dev.next(`${T}/name/config/update/accepted`);
    expect(named.json).toMatchObject({ state: { reported: { mode: 'eco' } }, version: 1 });
  });

  it('delete answers /delete/accepted with the version; get then answers 404', async () => {
    await dev.publish(`${T}/name/config/delete`, { clientToken: 'd1' });
    const r = await dev.next(`${T}/name/config/delete/accepted`);
    expect(r.json).toMatchObject({ version: 1, timestamp: expect.any(Number), clientToken: 'd1' });
    await dev.publish(`${T}/name/config/get`, '');
    expect((await dev.next(`${T}/name/config/get/rejected`)).json).toMatchObject({ code: 404 });
  });
});
