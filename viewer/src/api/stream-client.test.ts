import { describe, expect, it } from 'vitest';
import { StreamClient, type WebSocketLike } from './stream-client.ts';

class FakeSocket implements WebSocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  close(): void {
    this.onclose?.({});
  }
}

describe('StreamClient', () => {
  it('goes stale when the socket drops, retries with backoff and is live again after the resync', async () => {
    const sockets: FakeSocket[] = [];
    const timers: { fn: () => void; ms: number }[] = [];
    const statuses: string[] = [];
    let resyncs = 0;
    const frames: unknown[] = [];
    const client = new StreamClient({
      url: 'ws://x/stream',
      socket: () => {
        const s = new FakeSocket();
        sockets.push(s);
        return s;
      },
      onChanges: (c) => frames.push(...c),
      onOpen: async () => {
        resyncs++;
      },
      onStatus: (s) => statuses.push(s),
      setTimer: (fn, ms) => timers.push({ fn, ms }),
      random: () => 1,
      now: () => 1000,
    }).start();
    sockets[0]?.onopen?.({});
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    expect(client.status).toBe('live');
    sockets[0]?.close();
    expect(client.status).toBe('stale');
    expect(client.staleSince).toBe(1000);
    expect(timers[0]?.ms).toBe(500);
    timers[0]?.fn();
    sockets[1]?.onclose?.({}); // the retry fails too: the next wait doubles
    expect(timers[1]?.ms).toBe(1000);
    timers[1]?.fn();
    sockets[2]?.onopen?.({});
    sockets[2]?.onmessage?.({
      data: '[{"kind":"liveness","deviceId":"a","ts":1,"online":true,"reason":"x"}]',
    });
    await new Promise((r) => setImmediate(r));
    expect(statuses).toEqual(['live', 'stale', 'live']);
    expect(resyncs).toBe(2);
    expect(frames).toHaveLength(1); // held during the resync, delivered after it
  });

  it('caps the backoff at maxBackoffMs', () => {
    const client = new StreamClient({
      url: 'ws://x',
      onChanges: () => undefined,
      random: () => 1,
      maxBackoffMs: 4000,
    });
    expect([1, 2, 3, 4, 10].map((n) => client.backoffMs(n))).toEqual([500, 1000, 2000, 4000, 4000]);
  });
});
