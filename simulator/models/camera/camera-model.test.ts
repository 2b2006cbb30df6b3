import { describe, expect, it } from 'vitest';
import type { ModelEvent } from '../model.ts';
import { CameraModel } from './camera-model.ts';
import type { BoundingBox } from './motion-boxes.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A camera without random outages, so stream state only changes when a test says so. */
function camera(options: ConstructorParameters<typeof CameraModel>[0] = {}): CameraModel {
  return new CameraModel({ outagesPerDay: 0, ...options });
}

describe('camera recording', () => {
  it('follows desired recording, and fills storage only while recording', () => {
    const c = camera({ initialStoragePercent: 10 });
    c.advance(HOUR);
    expect(c.telemetry()).toMatchObject({ recording: false, storage_used_percent: 10 });
    c.applyDesired({ recording: true });
    expect(c.reported()).toMatchObject({ recording: true });
    c.advance(2 * HOUR);
    const afterHour = c.telemetry().storage_used_percent;
    // 1080p at 25 fps ≈ 3.75 Mbit/s ≈ 1.7 GB an hour ≈ 1.3 % of 128 GB.
    expect(afterHour).toBeGreaterThan(10.8);
    expect(afterHour).toBeLessThan(12.5);
    c.applyDesired({ recording: false });
    c.advance(3 * HOUR);
    expect(c.telemetry()).toMatchObject({ recording: false, storage_used_percent: afterHour });
  });

  it('reports storage full once, then keeps overwriting at 100 %', () => {
    const c = camera({ storageCapacityGb: 1, initialStoragePercent: 90, recording: true });
    const full = c.advance(2 * HOUR).filter((e) => e.type === 'storage_full');
    expect(full).toHaveLength(1);
    expect(c.advance(3 * HOUR).filter((e) => e.type === 'storage_full')).toEqual([]);
    expect(c.telemetry().storage_used_percent).toBe(100);
  });
});

describe('camera stream', () => {
  it('streams at the desired resolution and frame rate, capped by what the resolution allows', () => {
    const c = camera();
    c.applyDesired({ resolution: '3840x2160', fps_target: 60 });
    c.advance(MINUTE);
    const t = c.telemetry();
    expect(t.resolution).toBe('3840x2160');
    expect(Math.abs(t.fps - 30)).toBeLessThan(3);
    expect(t.bitrate_kbps).toBeGreaterThan(8_000);
    c.applyDesired({ resolution: '640x480', fps_target: 15 });
    c.advance(2 * MINUTE);
    expect(Math.abs(c.telemetry().fps - 15)).toBeLessThan(2);
    expect(c.telemetry().bitrate_kbps).toBeLessThan(1_500);
  });

  it('ignores a resolution outside the contract enum', () => {
    const c = camera();
    c.applyDesired({ resolution: '1x1' as never });
    expect(c.reported()['resolution']).toBe('1920x1080');
  });

  it('goes offline while rebooting and restarts uptime', () => {
    const c = camera({ rebootDurationMs: 20_000 });
    c.advance(HOUR);
    expect(c.command('reboot')).toEqual({ ok: true, result: { back_at: HOUR + 20_000 } });
    c.advance(HOUR + 5000);
    expect(c.isOnline()).toBe(false);
    expect(c.telemetry()).toMatchObject({ online: false, fps: 0, bitrate_kbps: 0, uptime_s: 5 });
    expect(c.command('snapshot').ok).toBe(false);
    const events = c.advance(HOUR + MINUTE);
    expect(events.map((e) => e.type)).toContain('stream_restored');
    expect(c.isOnline()).toBe(true);
    expect(c.telemetry().online).toBe(true);
  });

  it('loses the stream now and then and gets it back', () => {
    const c = new CameraModel({ seed: 2, outagesPerDay: 24, motionEventsPerHour: 0 });
    const types = c.advance(24 * HOUR).map((e) => e.type);
    const lost = types.filter((t) => t === 'stream_lost').length;
    expect(lost).toBeGreaterThan(8);
    expect(types.filter((t) => t === 'stream_restored').length).toBeGreaterThanOrEqual(lost - 1);
  });
});

describe('camera motion and snapshots', () => {
  it('counts motion events with boxes inside the frame and stamps last_motion_at', () => {
    const c = camera({ motionEventsPerHour: 30 });
    const motions: ModelEvent[] = c.advance(10 * HOUR).filter((e) => e.type === 'motion');
    expect(motions.length).toBeGreaterThan(200);
    expect(motions.length).toBeLessThan(400);
    for (const e of motions) {
      const boxes = e['boxes'] as BoundingBox[];
      expect(boxes.length).toBeGreaterThanOrEqual(1);
      for (const b of boxes) {
        expect(b.x + b.w).toBeLessThanOrEqual(1);
        expect(b.y + b.h).toBeLessThanOrEqual(1);
        expect(b.confidence).toBeGreaterThan(0);
        expect(b.confidence).toBeLessThan(1);
      }
    }
    expect(c.telemetry()).toMatchObject({
      motion_events: motions.length,
      last_motion_at: motions.at(-1)!.ts,
    });
  });

  it('takes a snapshot on command and reports when', () => {
    const c = camera();
    expect(c.telemetry().last_snapshot_at).toBeUndefined();
    c.advance(5000);
    const r = c.command('snapshot');
    expect(r).toMatchObject({
      ok: true,
      result: { snapshot_at: 5000, resolution: '1920x1080', format: 'jpeg' },
    });
    expect(c.telemetry().last_snapshot_at).toBe(5000);
    expect(c.command('pan').ok).toBe(false);
  });
});

describe('camera determinism', () => {
  const run = (seed: number): unknown[] => {
    const c = new CameraModel({ seed, recording: true, outagesPerDay: 5 });
    const out: unknown[] = [];
    for (let i = 0; i < 500; i++) out.push(c.step(MINUTE), c.telemetry());
    return out;
  };

  it('gives the same readings and events for the same seed, different ones for another', () => {
    expect(run(31)).toEqual(run(31));
    expect(run(31)).not.toEqual(run(32));
  });
});
