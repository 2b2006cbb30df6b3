import { describe, expect, it } from 'vitest';
import type { DeviceRecord } from '../api/wire.ts';
import { FleetState } from './fleet-state.ts';

const device = (id: string, type: DeviceRecord['type'] = 'smart_breaker'): DeviceRecord => ({
  id,
  type,
  name: id,
  tags: {},
  profile: 'twinbench',
  registeredAt: 0,
  registeredBy: 'api',
});

describe('FleetState', () => {
  it('applies stream changes and tells listeners which devices changed', () => {
    const fleet = new FleetState();
    const seen: string[][] = [];
    fleet.on((changed) => seen.push([...changed]));
    fleet.setDevices([
      { device: device('a'), online: true },
      { device: device('b'), online: true },
    ]);
    fleet.applyChanges([
      { kind: 'telemetry', deviceId: 'a', ts: 10, fields: { breaker_state: 'tripped' } },
      { kind: 'liveness', deviceId: 'b', ts: 11, online: false, reason: 'last_will' },
      { kind: 'event', deviceId: 'a', ts: 12, event: { type: 'trip' } },
    ]);
    expect(seen.at(-1)?.sort()).toEqual(['a', 'b']);
    expect(fleet.get('a')?.fields.breaker_state).toBe('tripped');
    expect(fleet.get('a')?.lastEvent.trip).toBe(12);
    expect(fleet.get('b')?.online).toBe(false);
  });

  it('never rolls a field back to an older reading (a snapshot taken before a stream frame)', () => {
    const fleet = new FleetState();
    fleet.setDevices([{ device: device('a'), online: true }]);
    fleet.applyChanges([{ kind: 'telemetry', deviceId: 'a', ts: 100, fields: { load_percent: 90 } }]);
    fleet.applySnapshot({
      at: 50,
      devices: [
        { id: 'a', type: 'smart_breaker', online: true, ts: 50, fields: { load_percent: 10, trip_count: 1 } },
      ],
    });
    expect(fleet.get('a')?.fields).toEqual({ load_percent: 90, trip_count: 1 });
  });

  it('keeps the newest status of each command', () => {
    const fleet = new FleetState();
    fleet.setDevices([{ device: device('a'), online: true }]);
    const cmd = { id: 'c1', deviceId: 'a', name: 'reset', params: {}, createdAt: 1, timeoutMs: 10_000 };
    fleet.applyChanges([{ kind: 'command', deviceId: 'a', ts: 1, command: { ...cmd, status: 'pending' } }]);
    fleet.applyChanges([{ kind: 'command', deviceId: 'a', ts: 2, command: { ...cmd, status: 'succeeded' } }]);
    expect(fleet.get('a')?.commands.map((c) => c.status)).toEqual(['succeeded']);
  });

  it('leaves out the devices it is told not to keep, wherever they come from', () => {
    const fleet = new FleetState({ keep: (d) => d.tags.role !== 'story' });
    const story = { ...device('story', 'generic'), tags: { role: 'story' } };
    fleet.setDevices([
      { device: story, online: true },
      { device: device('a'), online: true },
    ]);
    fleet.applyChanges([{ kind: 'device', deviceId: 'story', ts: 1, device: story }]);
    expect(fleet.ids()).toEqual(['a']);
  });

  it('adds a device registered later and marks the change structural', () => {
    const fleet = new FleetState();
    let structural = false;
    fleet.on((_c, s) => (structural ||= s));
    fleet.applyChanges([{ kind: 'device', deviceId: 'n', ts: 1, device: device('n', 'camera') }]);
    expect(fleet.get('n')?.device.type).toBe('camera');
    expect(structural).toBe(true);
  });
});
