import { describe, expect, it } from 'vitest';
import { PlatformError } from '../errors.ts';
import { matchesSelector as matchesFilter } from '../../twin/index.ts';
import { Registry, type DeviceRecord } from './registry.ts';

const device = (id: string, extra: Partial<DeviceRecord> = {}): DeviceRecord => ({
  id,
  type: 'env_sensor',
  name: id,
  tags: {},
  profile: 'twinbench',
  registeredAt: 1,
  registeredBy: 'api',
  ...extra,
});

function setup() {
  const changes: DeviceRecord[] = [];
  const registry = new Registry((d) => changes.push(d));
  return { registry, changes };
}

function thrown(fn: () => unknown): PlatformError {
  try {
    fn();
  } catch (err) {
    return err as PlatformError;
  }
  throw new Error('expected a PlatformError');
}

describe('Registry', () => {
  it('adds a device and announces it', () => {
    const { registry, changes } = setup();
    const d = registry.add(device('env-1'));
    expect(registry.get('env-1')).toBe(d);
    expect(registry.require('env-1')).toBe(d);
    expect(registry.size).toBe(1);
    expect(changes).toEqual([d]);
  });

  it('refuses a second registration of the same id with DEVICE_EXISTS (409), keeping the first', () => {
    const { registry } = setup();
    registry.add(device('env-1', { name: 'first' }));
    const err = thrown(() => registry.add(device('env-1', { name: 'second' })));
    expect(err).toBeInstanceOf(PlatformError);
    expect(err).toMatchObject({ code: 'TB_ERR_PLATFORM_DEVICE_EXISTS', statusCode: 409 });
    expect(err.message).toMatch(/PATCH \/devices\/env-1/);
    expect(registry.get('env-1')?.name).toBe('first');
  });

  it('replaces on request, silently when asked (restore from history)', () => {
    const { registry, changes } = setup();
    registry.add(device('env-1', { name: 'first' }));
    registry.add(device('env-1', { name: 'second' }), { replace: true });
    registry.add(device('env-1', { name: 'third' }), { replace: true, silent: true });
    expect(registry.get('env-1')?.name).toBe('third');
    expect(changes.map((d) => d.name)).toEqual(['first', 'second']);
  });

  it('answers UNKNOWN_DEVICE (404) for a device nobody registered', () => {
    const { registry } = setup();
    expect(registry.get('ghost')).toBeUndefined();
    const err = thrown(() => registry.require('ghost'));
    expect(err).toMatchObject({ code: 'TB_ERR_PLATFORM_UNKNOWN_DEVICE', statusCode: 404 });
    expect(err.message).toMatch(/POST \/devices/);
    expect(thrown(() => registry.update('ghost', { name: 'x' })).code).toBe('TB_ERR_PLATFORM_UNKNOWN_DEVICE');
  });

  it('updates a device, merging tags and keeping what the patch does not name', () => {
    const { registry, changes } = setup();
    registry.add(device('env-1', { tags: { floor: '1', zone: 'a' }, location: { site: 'hq' } }));
    const next = registry.update('env-1', { name: 'Lobby', tags: { floor: '2', new: 'yes' } });
    expect(next).toEqual(
      device('env-1', {
        name: 'Lobby',
        tags: { floor: '2', zone: 'a', new: 'yes' },
        location: { site: 'hq' },
      }),
    );
    expect(registry.get('env-1')).toBe(next);
    expect(changes.at(-1)).toBe(next);
    expect(registry.update('env-1', { type: 'camera' }).type).toBe('camera');
  });

  it('lists devices filtered by type, by tag key, by tag key:value and by ids', () => {
    const { registry } = setup();
    registry.add(device('env-1', { tags: { floor: '1' } }));
    registry.add(device('env-2', { tags: { floor: '2', spare: '' } }));
    registry.add(device('brk-1', { type: 'smart_breaker', tags: { floor: '1' } }));
    const ids = (f: Parameters<Registry['list']>[0]) => registry.list(f).map((d) => d.id);
    expect(ids({})).toEqual(['env-1', 'env-2', 'brk-1']);
    expect(ids({ type: 'env_sensor' })).toEqual(['env-1', 'env-2']);
    expect(ids({ type: 'camera' })).toEqual([]);
    expect(ids({ tag: 'floor' })).toEqual(['env-1', 'env-2', 'brk-1']);
    expect(ids({ tag: 'spare' })).toEqual(['env-2']);
    expect(ids({ tag: 'floor:1' })).toEqual(['env-1', 'brk-1']);
    expect(ids({ tag: 'floor:1', type: 'smart_breaker' })).toEqual(['brk-1']);
    expect(ids({ ids: ['env-2', 'brk-1'] })).toEqual(['env-2', 'brk-1']);
    expect(ids({ ids: [] })).toEqual(['env-1', 'env-2', 'brk-1']);
  });

  it('matches a tag value that itself contains colons', () => {
    const d = { id: 'cam-1', type: 'camera' as const, tags: { mac: 'aa:bb:cc:dd:ee:ff' } };
    expect(matchesFilter(d, { tag: 'mac:aa:bb:cc:dd:ee:ff' })).toBe(true);
    expect(matchesFilter(d, { tag: 'mac:aa:bb' })).toBe(false);
  });

  it('does not take inherited object keys for tags', () => {
    const d = { id: 'cam-1', type: 'camera' as const, tags: {} };
    expect(matchesFilter(d, { tag: 'constructor' })).toBe(false);
    expect(matchesFilter(d, { tag: 'toString' })).toBe(false);
  });
});
