import { describe, expect, it } from 'vitest';
import type { DeviceRecord } from '../registry/registry.ts';
import { birthDetails } from '../../twin/index.ts';
import { detailsPatch } from './birth-details.ts';

const device: DeviceRecord = {
  id: 'd1',
  type: 'env_sensor',
  name: 'd1',
  tags: { floor: '1' },
  profile: 'twinbench',
  registeredAt: 0,
  registeredBy: 'first_contact',
};

describe('status birth details', () => {
  it('takes name, string tags and a location, and leaves malformed parts out', () => {
    expect(
      birthDetails({
        online: true,
        name: 'Lobby sensor',
        tags: { floor: '2', n: 3 },
        location: { site: 'hq', x: 1.5, y: 'no' },
      }),
    ).toEqual({ name: 'Lobby sensor', tags: { floor: '2' }, location: { site: 'hq', x: 1.5 } });
    expect(birthDetails({ online: true })).toEqual({});
    expect(birthDetails('online')).toEqual({});
  });

  it('patches only what changed', () => {
    expect(detailsPatch(device, { name: 'd1', tags: { floor: '1' } })).toBeUndefined();
    expect(detailsPatch(device, { name: 'Lobby', tags: { floor: '1' }, location: { room: 'r1' } })).toEqual({
      name: 'Lobby',
      location: { room: 'r1' },
    });
  });
});
