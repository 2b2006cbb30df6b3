import { describe, expect, it } from 'vitest';
import { StringPool } from './intern.ts';
import { TelemetryTable } from './telemetry-table.ts';
import { TwinStore } from './twin-store.ts';

describe('TelemetryTable', () => {
  it('merges fields per twin, keeping the newest ts and seq, and answers only what each twin was sent', () => {
    const t = new TelemetryTable(new StringPool());
    t.put('a', 'env_sensor', { ts: 1, seq: 1, fields: { temperature: 21.5, motion: false } });
    t.put('b', 'env_sensor', { ts: 2, fields: { humidity: 40 } });
    t.put('a', 'env_sensor', { ts: 3, seq: 2, fields: { temperature: 22, humidity: 41 } });
    expect(t.get('a')).toEqual({ ts: 3, seq: 2, fields: { temperature: 22, motion: false, humidity: 41 } });
    expect(t.get('b')).toEqual({ ts: 2, fields: { humidity: 40 } });
    expect(t.get('c')).toBeUndefined();
    expect(t.ts('a')).toBe(3);
  });

  it('keeps a field that changes kind (a number, then a string) and 0, -0 and false as values', () => {
    const t = new TelemetryTable(new StringPool());
    for (let i = 0; i < 40; i++) t.put(`d${i}`, 'generic', { ts: i, fields: { v: i, z: 0 } });
    t.put('d3', 'generic', { ts: 50, fields: { v: 'high', z: -0 } });
    t.put('d4', 'generic', { ts: 51, fields: { v: false } });
    expect(t.get('d3')?.fields).toEqual({ v: 'high', z: -0 });
    expect(Object.is(t.get('d3')?.fields.z, -0)).toBe(true);
    expect(t.get('d4')?.fields).toEqual({ v: false, z: 0 });
    expect(t.get('d39')?.fields).toEqual({ v: 39, z: 0 });
  });

  it('replaces what a twin had on restore', () => {
    const t = new TelemetryTable(new StringPool());
    t.put('a', 'camera', { ts: 1, seq: 4, fields: { fps: 25, resolution: '1080p' } });
    t.put('a', 'camera', { ts: 2, fields: { recording: true } }, true);
    expect(t.get('a')).toEqual({ ts: 2, seq: 4, fields: { recording: true } });
  });
});

describe('TwinStore telemetry', () => {
  it('does not roll a twin back for a late point, and a view carries the latest', () => {
    const store = new TwinStore({ now: () => 10, heartbeatTimeoutMs: 1_000 });
    store.registry.add({
      id: 'env-1',
      type: 'env_sensor',
      name: 'env-1',
      tags: {},
      profile: 'twinbench',
      registeredAt: 1,
      registeredBy: 'api',
    });
    store.applyTelemetry('env-1', { ts: 5, seq: 2, fields: { temperature: 20 } });
    store.applyTelemetry('env-1', { ts: 4, seq: 1, fields: { temperature: 19, humidity: 30 } });
    expect(store.latestTelemetry('env-1')).toEqual({ ts: 5, seq: 2, fields: { temperature: 20 } });
    expect(store.view('env-1').telemetry).toEqual({ ts: 5, seq: 2, fields: { temperature: 20 } });
  });
});
