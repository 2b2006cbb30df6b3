import { describe, expect, it } from 'vitest';
import { LivenessTracker, type LivenessChange } from './liveness.ts';

function setup(heartbeatTimeoutMs = 1_000) {
  let now = 10_000;
  const changes: LivenessChange[] = [];
  const tracker = new LivenessTracker({
    heartbeatTimeoutMs,
    now: () => now,
    onChange: (c) => changes.push(c),
  });
  return { tracker, changes, advance: (ms: number) => (now += ms) };
}

describe('LivenessTracker', () => {
  it('marks a device online on its first message, and announces that once', () => {
    const { tracker, changes, advance } = setup();
    tracker.seen('d1');
    advance(100);
    tracker.seen('d1');
    expect(changes).toEqual([{ deviceId: 'd1', online: true, reason: 'message', ts: 10_000 }]);
    expect(tracker.get('d1')).toEqual({ online: true, lastSeen: 10_100, since: 10_000, reason: 'message' });
  });

  it('takes the message time when given one', () => {
    const { tracker } = setup();
    tracker.seen('d1', 12_345);
    expect(tracker.get('d1')).toMatchObject({ lastSeen: 12_345, since: 12_345 });
  });

  it('follows status messages, announcing only transitions', () => {
    const { tracker, changes, advance } = setup();
    tracker.status('d1', true, 'connected');
    advance(10);
    tracker.status('d1', true, 'connected');
    advance(10);
    tracker.status('d1', false, 'last_will');
    advance(10);
    tracker.status('d1', false, 'last_will');
    expect(changes).toEqual([
      { deviceId: 'd1', online: true, reason: 'connected', ts: 10_000 },
      { deviceId: 'd1', online: false, reason: 'last_will', ts: 10_020 },
    ]);
    expect(tracker.get('d1')).toEqual({
      online: false,
      lastSeen: 10_030,
      since: 10_020,
      reason: 'last_will',
    });
  });

  it('brings an offline device back online when it speaks again', () => {
    const { tracker, changes, advance } = setup();
    tracker.status('d1', false, 'announced');
    advance(5);
    tracker.seen('d1');
    expect(changes.map((c) => [c.online, c.reason])).toEqual([
      [false, 'announced'],
      [true, 'message'],
    ]);
  });

  it('sweeps devices silent for longer than the heartbeat timeout offline, once', () => {
    const { tracker, changes, advance } = setup(1_000);
    tracker.seen('quiet');
    tracker.seen('chatty');
    advance(600);
    tracker.seen('chatty');
    advance(400);
    tracker.sweep(); // quiet is silent for exactly the timeout: still online
    expect(changes).toHaveLength(2);
    advance(1);
    tracker.sweep();
    tracker.sweep();
    expect(changes.slice(2)).toEqual([
      { deviceId: 'quiet', online: false, reason: 'heartbeat_timeout', ts: 11_001 },
    ]);
    expect(tracker.get('chatty')?.online).toBe(true);
    advance(600);
    tracker.sweep();
    expect(changes.at(-1)).toMatchObject({ deviceId: 'chatty', online: false, reason: 'heartbeat_timeout' });
  });

  it('does not sweep a device that is already offline', () => {
    const { tracker, changes, advance } = setup(100);
    tracker.status('d1', false, 'last_will');
    advance(10_000);
    tracker.sweep();
    expect(changes).toHaveLength(1);
  });

  it('restores a state silently; the restored device then times out like any other', () => {
    const { tracker, changes, advance } = setup(1_000);
    tracker.restore('d1', true, 9_500);
    tracker.restore('d2', false, 9_000);
    expect(changes).toEqual([]);
    expect(tracker.get('d1')).toEqual({ online: true, lastSeen: 9_500, since: 9_500 });
    advance(501);
    tracker.sweep();
    expect(changes).toEqual([{ deviceId: 'd1', online: false, reason: 'heartbeat_timeout', ts: 10_501 }]);
  });

  it('counts online and offline devices', () => {
    const { tracker } = setup();
    expect(tracker.counts()).toEqual({ online: 0, offline: 0 });
    tracker.seen('a');
    tracker.seen('b');
    tracker.status('c', false, 'announced');
    expect(tracker.counts()).toEqual({ online: 2, offline: 1 });
    expect(tracker.get('nobody')).toBeUndefined();
  });

  it("uses a profile's own timeout, checked only on its own interval (15 s of silence, every 5 s)", () => {
    const { tracker, changes, advance } = setup(60_000);
    const timeout = { offlineAfterMs: 15_000, checkEveryMs: 5_000 };
    tracker.seen('esp', undefined, timeout);
    tracker.seen('plain');
    const offline = () => changes.filter((c) => !c.online).map((c) => c.deviceId);
    for (let t = 250; t <= 15_000; t += 250) {
      advance(250);
      tracker.sweep();
    }
    expect(offline()).toEqual([]); // 15 s of silence is not yet more than 15 s
    for (let t = 250; t <= 4_750; t += 250) {
      advance(250);
      tracker.sweep();
    }
    expect(offline()).toEqual([]); // the next check is at 20 s
    advance(250);
    tracker.sweep();
    expect(offline()).toEqual(['esp']);
    expect(tracker.get('esp')).toMatchObject({ online: false, reason: 'heartbeat_timeout', timeout });
    expect(tracker.get('plain')?.online).toBe(true);
  });

  it('gives a restored device its profile timeout without announcing anything', () => {
    const { tracker, changes, advance } = setup(60_000);
    tracker.restore('old', true, 10_000);
    tracker.adoptTimeout('old', { offlineAfterMs: 1_000, checkEveryMs: 500 });
    tracker.adoptTimeout('missing', { offlineAfterMs: 1_000, checkEveryMs: 500 });
    expect(changes).toEqual([]);
    advance(1_500);
    tracker.sweep();
    expect(changes).toEqual([{ deviceId: 'old', online: false, reason: 'heartbeat_timeout', ts: 11_500 }]);
    expect(tracker.get('missing')).toBeUndefined();
  });

  describe('silence counted only while the platform listened', () => {
    it('does not take devices offline for time the platform could not hear them (a broker holding messages back)', () => {
      const { tracker, changes, advance } = setup(1_000);
      tracker.seen('d1');
      tracker.sweep();
      // 2 s in which the broker delivered nothing: twice the timeout, none of it the device's silence.
      for (let i = 0; i < 8; i++) {
        advance(250);
        tracker.sweep({ listening: false });
      }
      expect(tracker.get('d1')?.online).toBe(true);
      expect(tracker.deafMs).toBe(2_000);
      for (let i = 0; i < 4; i++) {
        advance(250);
        tracker.sweep();
      }
      expect(tracker.get('d1')?.online).toBe(true); // heard 1 s ago, listening time
      advance(1);
      tracker.sweep();
      expect(changes.at(-1)).toEqual({
        deviceId: 'd1',
        online: false,
        reason: 'heartbeat_timeout',
        ts: 13_001,
      });
    });

    it('counts only the part of a spell after a device was last heard', () => {
      const { tracker, advance } = setup(1_000);
      tracker.sweep();
      advance(500);
      tracker.sweep({ listening: false }); // deaf 10.0–10.5 s
      tracker.seen('d1'); // heard at its end (the broker let one through)
      advance(500);
      tracker.sweep({ listening: false }); // deaf 10.5–11.0 s: the device's silence does not count
      advance(1_000);
      tracker.sweep();
      expect(tracker.get('d1')?.online).toBe(true); // 1.5 s since heard, 1 s of it listening
      advance(1);
      tracker.sweep();
      expect(tracker.get('d1')?.online).toBe(false);
    });

    it('takes a sweep later than maxGapMs for a blocked event loop: the rest of the gap is not silence', () => {
      const { tracker, advance } = setup(1_000);
      tracker.seen('d1');
      tracker.sweep({ maxGapMs: 200 });
      advance(5_000);
      tracker.sweep({ maxGapMs: 200 }); // 200 ms listened
      expect(tracker.get('d1')?.online).toBe(true);
      for (let i = 0; i < 4; i++) {
        advance(200);
        tracker.sweep({ maxGapMs: 200 });
      }
      expect(tracker.get('d1')?.online).toBe(true); // exactly 1 s listened
      advance(1);
      tracker.sweep({ maxGapMs: 200 });
      expect(tracker.get('d1')?.online).toBe(false);
    });

    it('applies to profile timeouts too, and forgets old spells (later silence times out on time)', () => {
      const { tracker, advance } = setup(60_000);
      const timeout = { offlineAfterMs: 1_000, checkEveryMs: 500 };
      tracker.seen('esp', undefined, timeout);
      tracker.sweep();
      for (let i = 0; i < 10; i++) {
        advance(500);
        tracker.sweep({ listening: false });
      }
      expect(tracker.get('esp')?.online).toBe(true);
      advance(70_000);
      tracker.sweep();
      expect(tracker.get('esp')?.online).toBe(false);
      tracker.seen('esp');
      tracker.seen('plain');
      advance(60_001);
      tracker.sweep();
      expect(tracker.get('plain')?.online).toBe(false);
      expect(tracker.get('esp')?.online).toBe(false);
    });
  });

  it('keeps its counts across restores, timeouts and returns', () => {
    const { tracker, advance } = setup(1_000);
    tracker.restore('a', true, 10_000);
    tracker.restore('a', true, 10_000);
    tracker.restore('b', false, 9_000);
    tracker.seen('c');
    expect(tracker.counts()).toEqual({ online: 2, offline: 1 });
    advance(1_001);
    tracker.sweep();
    expect(tracker.counts()).toEqual({ online: 0, offline: 3 });
    tracker.seen('b');
    tracker.status('a', false, 'last_will');
    expect(tracker.counts()).toEqual({ online: 1, offline: 2 });
  });
});
