import { describe, expect, it } from 'vitest';
import { DeviceLimits } from './device-limits.ts';

describe('DeviceLimits', () => {
  it('lets everything through when both limits are 0 (the default)', () => {
    const l = new DeviceLimits({ messagesPerSecond: 0, bytesPerSecond: 0, maxPayloadBytes: 100 });
    expect(l.enabled).toBe(false);
    for (let i = 0; i < 1_000; i++) expect(l.check('d', 50, 0)).toBeUndefined();
    expect(l.size).toBe(0);
  });

  it("allows a second's worth of messages at once, then the rate; each device on its own", () => {
    const l = new DeviceLimits({ messagesPerSecond: 10, bytesPerSecond: 0, maxPayloadBytes: 100 });
    for (let i = 0; i < 10; i++) expect(l.check('d', 1, 1_000)).toBeUndefined();
    const refused = l.check('d', 1, 1_000);
    expect(refused).toMatchObject({ reason: 'rate_limited', notify: true });
    expect(refused?.message).toMatch(
      /more than 10 messages a second \(config deviceLimits.messagesPerSecond\); send less often/,
    );
    // Told once a second, counted every time.
    expect(l.check('d', 1, 1_050)).toMatchObject({ reason: 'rate_limited', notify: false });
    expect(l.check('other', 1, 1_050)).toBeUndefined();
    // 100 ms later one more message fits (10 a second).
    expect(l.check('d', 1, 1_100)).toBeUndefined();
    expect(l.check('d', 1, 1_100)).toMatchObject({ reason: 'rate_limited' });
  });

  it('limits payload bytes a second, always leaving room for one largest message', () => {
    const l = new DeviceLimits({ messagesPerSecond: 0, bytesPerSecond: 100, maxPayloadBytes: 300 });
    expect(l.check('d', 300, 0)).toBeUndefined(); // the bucket holds one largest message
    const refused = l.check('d', 50, 0);
    expect(refused).toMatchObject({ reason: 'byte_rate_limited' });
    expect(refused?.message).toMatch(/more than 100 payload bytes a second/);
    expect(l.check('d', 50, 500)).toBeUndefined();
  });
});
