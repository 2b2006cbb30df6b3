// GET /devices at scale: pages in registration order with an opaque cursor, server-side filters, field
// selection, and a 400 that names the parameter for everything it cannot take.
import { afterEach, describe, expect, it } from 'vitest';
import type { DevicePage } from '../twin/index.ts';
import { fakePlatform, type FakePlatform } from './ports/fake-platform.ts';

let p: FakePlatform;
afterEach(() => p?.close());

const TYPES = ['env_sensor', 'smart_breaker', 'camera'] as const;

/** 30 devices: types in turn, floors F1..F3 in blocks of ten, every third online (a birth message). */
async function fleet(): Promise<FakePlatform> {
  p = await fakePlatform();
  for (let i = 0; i < 30; i++) {
    const id = `dev-${String(i).padStart(2, '0')}`;
    const type = TYPES[i % 3] as string;
    if (i % 3 === 0) {
      await p.mqtt.deliver(`tb/v1/${id}/status`, {
        online: true,
        type,
        location: { site: 'hq', floor: `F${1 + Math.floor(i / 10)}` },
      });
      continue;
    }
    const r = await p.api('POST', '/devices', {
      id,
      type,
      tags: { zone: i % 2 === 0 ? 'north' : 'south' },
      location: { site: i < 20 ? 'hq' : 'lab', floor: `F${1 + Math.floor(i / 10)}` },
    });
    expect(r.status).toBe(201);
  }
  return p;
}

const list = async (query = '') => {
  const r = await p.api<DevicePage & { code?: string; message?: string }>('GET', `/devices${query}`);
  return { ...r, ids: r.body.devices?.map((e) => e.device.id) ?? [] };
};

// 30 registrations through app.inject per test: seconds on a loaded machine.
describe('GET /devices', { timeout: 20_000 }, () => {
  it('answers a page in registration order, and `next` leads through all of them exactly once', async () => {
    await fleet();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const r = await list(`?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      expect(r.body.devices.length).toBeLessThanOrEqual(7);
      seen.push(...r.ids);
      cursor = r.body.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => `dev-${String(i).padStart(2, '0')}`));
  });

  it('without `limit` gives at most 1,000 and no `next` when that is all', async () => {
    await fleet();
    const r = await list();
    expect(r.ids).toHaveLength(30);
    expect(r.body.next).toBeUndefined();
    expect(r.body.devices[0]).toMatchObject({
      device: { id: 'dev-00', type: 'env_sensor', profile: 'twinbench', registeredBy: 'first_contact' },
      online: true,
      lastSeen: expect.any(Number),
    });
    expect(r.body.devices[1]).toEqual({ device: expect.objectContaining({ id: 'dev-01' }), online: false });
  });

  it('filters on the server: type, online, location, tag and id prefix, all of them at once', async () => {
    await fleet();
    expect((await list('?type=camera')).ids).toEqual(
      Array.from({ length: 10 }, (_, k) => `dev-${String(3 * k + 2).padStart(2, '0')}`),
    );
    expect((await list('?online=true')).ids).toHaveLength(10);
    expect((await list('?online=false&type=env_sensor')).ids).toEqual([]);
    expect((await list('?floor=F2')).ids).toHaveLength(10);
    expect((await list('?site=lab')).ids).toEqual([
      'dev-20',
      'dev-22',
      'dev-23',
      'dev-25',
      'dev-26',
      'dev-28',
      'dev-29',
    ]);
    expect((await list('?tag=zone:north&floor=F1&type=camera')).ids).toEqual(['dev-02', 'dev-08']);
    expect((await list('?idPrefix=dev-1')).ids).toHaveLength(10);
    // A filtered page goes on from where it stopped.
    const first = await list('?type=smart_breaker&limit=4');
    expect(first.ids).toEqual(['dev-01', 'dev-04', 'dev-07', 'dev-10']);
    const second = await list(`?type=smart_breaker&limit=4&cursor=${first.body.next}`);
    expect(second.ids).toEqual(['dev-13', 'dev-16', 'dev-19', 'dev-22']);
  });

  it('filters children by their gateway (one line in DEVICE_MATCH_FILTERS)', async () => {
    await fleet();
    p.app.twins.registry.update('dev-04', { gateway: 'gw-1' });
    p.app.twins.registry.update('dev-07', { gateway: 'gw-1' });
    p.app.twins.registry.update('dev-08', { gateway: 'gw-2' });
    expect((await list('?gateway=gw-1')).ids).toEqual(['dev-04', 'dev-07']);
    expect((await list('?gateway=gw-1&fields=gateway')).body.devices[0]).toEqual({
      device: { id: 'dev-04', gateway: 'gw-1' },
    });
  });

  it('answers only the fields asked for, always with the id', async () => {
    await fleet();
    const r = await list('?fields=type,online&limit=2');
    expect(r.body.devices).toEqual([
      { device: { id: 'dev-00', type: 'env_sensor' }, online: true },
      { device: { id: 'dev-01', type: 'smart_breaker' }, online: false },
    ]);
    const loc = await list('?fields=location,lastSeen&limit=1');
    expect(loc.body.devices).toEqual([
      { device: { id: 'dev-00', location: { site: 'hq', floor: 'F1' } }, lastSeen: expect.any(Number) },
    ]);
  });

  it.each([
    ['?limit=0', /querystring\/limit must be >= 1/],
    ['?limit=10001', /querystring\/limit must be <= 10000/],
    ['?limit=ten', /querystring\/limit must be integer/],
    ['?online=maybe', /querystring\/online must be boolean/],
    ['?cursor=bm9wZQ', /'cursor': is not one this platform gave out/],
    ['?fields=id,colour', /'fields': 'colour' is not a field; name some of id, type, name/],
    ['?flor=F1', /'flor': is not a parameter of GET \/devices; use .*floor/],
  ])('refuses %s with a 400 that names the parameter', async (query, message) => {
    p = await fakePlatform();
    const r = await list(query);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(message);
  });

  it('shows the paging, filters and fields in the OpenAPI document', async () => {
    p = await fakePlatform();
    const doc = p.app.swagger() as {
      paths: Record<
        string,
        { get?: { parameters?: { name: string }[]; responses: Record<string, unknown> } }
      >;
    };
    const get = doc.paths['/devices']?.get;
    expect(get?.parameters?.map((x) => x.name)).toEqual(
      expect.arrayContaining([
        'limit',
        'cursor',
        'type',
        'site',
        'floor',
        'tag',
        'online',
        'idPrefix',
        'fields',
      ]),
    );
    expect(JSON.stringify(get?.responses['200'])).toMatch(/"next"/);
  });
});
