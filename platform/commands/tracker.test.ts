import { describe, expect, it } from 'vitest';
import { PlatformError } from '../errors.ts';
import { CommandTracker, TooManyCommandsError, type CommandRecord } from './tracker.ts';

/** A tracker on a clock the test moves, recording every change it announces. */
function setup(
  opts: { defaultTimeoutMs?: number; keepFinished?: number; maxInFlightPerDevice?: number } = {},
) {
  let now = 1_000;
  const changes: { id: string; status: string }[] = [];
  const tracker = new CommandTracker({
    now: () => now,
    ...opts,
    onChange: (r: CommandRecord) => changes.push({ id: r.id, status: r.status }),
  });
  return {
    tracker,
    changes,
    advance: (ms: number) => (now += ms),
  };
}

const cmd = (id: string, extra: { deviceId?: string; name?: string; timeoutMs?: number } = {}) => ({
  id,
  deviceId: extra.deviceId ?? 'brk-1',
  name: extra.name ?? 'open',
  params: {},
  ...(extra.timeoutMs !== undefined ? { timeoutMs: extra.timeoutMs } : {}),
});

describe('CommandTracker', () => {
  it('creates a pending command stamped with the clock and the default timeout, and announces it', () => {
    const { tracker, changes } = setup({ defaultTimeoutMs: 5_000 });
    const { record, created } = tracker.create(cmd('c1'));
    expect(created).toBe(true);
    expect(record).toEqual({
      id: 'c1',
      deviceId: 'brk-1',
      name: 'open',
      params: {},
      status: 'pending',
      createdAt: 1_000,
      timeoutMs: 5_000,
    });
    expect(tracker.get('c1')).toBe(record);
    expect(changes).toEqual([{ id: 'c1', status: 'pending' }]);
  });

  it('returns the tracked command for a retry with the same id, without announcing it again', () => {
    const { tracker, changes } = setup();
    const first = tracker.create(cmd('c1'));
    const retry = tracker.create(cmd('c1'));
    expect(retry).toEqual({ record: first.record, created: false });
    expect(changes).toHaveLength(1);
  });

  it('refuses an id reused for another command or another device with COMMAND_ID_CONFLICT', () => {
    const { tracker } = setup();
    tracker.create(cmd('c1'));
    const conflict = (input: ReturnType<typeof cmd>) => {
      try {
        tracker.create(input);
      } catch (err) {
        return err as PlatformError;
      }
      throw new Error('expected a conflict');
    };
    const otherName = conflict(cmd('c1', { name: 'close' }));
    expect(otherName).toBeInstanceOf(PlatformError);
    expect(otherName).toMatchObject({ code: 'TB_ERR_PLATFORM_COMMAND_ID_CONFLICT', statusCode: 409 });
    expect(otherName.message).toMatch(/c1.*'open' on brk-1/);
    expect(conflict(cmd('c1', { deviceId: 'brk-2' })).code).toBe('TB_ERR_PLATFORM_COMMAND_ID_CONFLICT');
  });

  it('goes delivered → succeeded, with latency measured from creation', () => {
    const { tracker, changes, advance } = setup();
    tracker.create(cmd('c1'));
    advance(30);
    tracker.respond('brk-1', { id: 'c1', status: 'delivered' });
    advance(70);
    const done = tracker.respond('brk-1', { id: 'c1', status: 'succeeded', result: { ok: 1 } });
    expect(done).toMatchObject({
      status: 'succeeded',
      deliveredAt: 1_030,
      completedAt: 1_100,
      latencyMs: 100,
      result: { ok: 1 },
    });
    expect(changes.map((c) => c.status)).toEqual(['pending', 'delivered', 'succeeded']);
  });

  it('takes a final response without a delivered one, and keeps the error of a failure', () => {
    const { tracker, advance } = setup();
    tracker.create(cmd('c1'));
    advance(5);
    expect(tracker.respond('brk-1', { id: 'c1', status: 'failed', error: 'jammed' })).toMatchObject({
      status: 'failed',
      deliveredAt: 1_005,
      completedAt: 1_005,
      latencyMs: 5,
      error: 'jammed',
    });
  });

  it('ignores a repeated delivered', () => {
    const { tracker, changes, advance } = setup();
    tracker.create(cmd('c1'));
    tracker.respond('brk-1', { id: 'c1', status: 'delivered' });
    advance(10);
    expect(tracker.respond('brk-1', { id: 'c1', status: 'delivered' })?.deliveredAt).toBe(1_000);
    expect(changes).toHaveLength(2);
  });

  it('answers undefined for an unknown id or a device that does not own the command', () => {
    const { tracker } = setup();
    tracker.create(cmd('c1'));
    expect(tracker.respond('brk-1', { id: 'nope', status: 'succeeded' })).toBeUndefined();
    expect(tracker.respond('brk-2', { id: 'c1', status: 'succeeded' })).toBeUndefined();
    expect(tracker.get('c1')?.status).toBe('pending');
  });

  it('times out overdue commands on sweep, each at its own timeout', () => {
    const { tracker, changes, advance } = setup({ defaultTimeoutMs: 1_000 });
    tracker.create(cmd('short', { timeoutMs: 200 }));
    tracker.create(cmd('default'));
    advance(199);
    expect(tracker.sweep()).toEqual([]);
    advance(1);
    const first = tracker.sweep();
    expect(first.map((r) => r.id)).toEqual(['short']);
    expect(first[0]).toMatchObject({
      status: 'timed_out',
      completedAt: 1_200,
      latencyMs: 200,
      error: 'no final response within 200 ms',
    });
    advance(800);
    expect(tracker.sweep().map((r) => r.id)).toEqual(['default']);
    expect(tracker.sweep()).toEqual([]);
    expect(changes.filter((c) => c.status === 'timed_out')).toHaveLength(2);
  });

  it('does not time out a command that already finished', () => {
    const { tracker, advance } = setup({ defaultTimeoutMs: 100 });
    tracker.create(cmd('c1'));
    tracker.respond('brk-1', { id: 'c1', status: 'succeeded' });
    advance(1_000);
    expect(tracker.sweep()).toEqual([]);
    expect(tracker.get('c1')?.status).toBe('succeeded');
  });

  it('ignores a late response after the timeout: the command stays timed out', () => {
    const { tracker, changes, advance } = setup({ defaultTimeoutMs: 100 });
    tracker.create(cmd('c1'));
    advance(100);
    tracker.sweep();
    advance(50);
    const late = tracker.respond('brk-1', { id: 'c1', status: 'succeeded', result: 'too late' });
    expect(late).toMatchObject({ status: 'timed_out', latencyMs: 100 });
    expect(late?.result).toBeUndefined();
    expect(tracker.respond('brk-1', { id: 'c1', status: 'delivered' })?.status).toBe('timed_out');
    expect(changes.map((c) => c.status)).toEqual(['pending', 'timed_out']);
  });

  it('lists commands, all or of one device', () => {
    const { tracker } = setup();
    tracker.create(cmd('a', { deviceId: 'd1' }));
    tracker.create(cmd('b', { deviceId: 'd2' }));
    tracker.create(cmd('c', { deviceId: 'd1' }));
    expect(tracker.list().map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(tracker.list('d1').map((r) => r.id)).toEqual(['a', 'c']);
    expect(tracker.list('d3')).toEqual([]);
  });

  it('trims the oldest finished commands past keepFinished, and never an unfinished one', () => {
    const { tracker } = setup({ keepFinished: 2 });
    tracker.create(cmd('p1'));
    tracker.create(cmd('p2'));
    tracker.create(cmd('p3'));
    // Nothing finished: all three stay, over the bound.
    expect(tracker.list().map((r) => r.id)).toEqual(['p1', 'p2', 'p3']);

    tracker.respond('brk-1', { id: 'p1', status: 'succeeded' });
    tracker.respond('brk-1', { id: 'p3', status: 'failed' });
    tracker.create(cmd('p4'));
    // Four records, bound two: the finished p1 and p3 go (oldest first), the pending p2 and p4 stay.
    expect(tracker.list().map((r) => r.id)).toEqual(['p2', 'p4']);
    expect(tracker.get('p1')).toBeUndefined();
  });

  it('refuses a command past maxInFlightPerDevice with 429 and when to retry; finished ones free a place', () => {
    const { tracker, advance } = setup({ maxInFlightPerDevice: 2 });
    tracker.create(cmd('a', { timeoutMs: 5_000 }));
    advance(1_000);
    tracker.create(cmd('b', { timeoutMs: 60_000 }));
    tracker.create(cmd('x', { deviceId: 'brk-2' })); // another device has its own count
    let refused: unknown;
    try {
      tracker.create(cmd('c'));
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(TooManyCommandsError);
    // 'a' times out 4 s from now: the soonest a place frees up without a response.
    expect(refused).toMatchObject({
      statusCode: 429,
      code: 'TB_ERR_PLATFORM_TOO_MANY_COMMANDS',
      retryAfterS: 4,
    });
    expect((refused as Error).message).toMatch(
      /already has 2 commands that are not finished.*wait for their responses/,
    );
    // A retry of a tracked command is not a new one: answered as before.
    expect(tracker.create(cmd('b')).created).toBe(false);
    tracker.respond('brk-1', { id: 'b', status: 'delivered' });
    expect(() => tracker.create(cmd('c'))).toThrow(TooManyCommandsError); // delivered is not finished
    tracker.respond('brk-1', { id: 'b', status: 'succeeded' });
    tracker.respond('brk-1', { id: 'b', status: 'failed' }); // ignored after a final status: counted once
    expect(tracker.create(cmd('c')).created).toBe(true);
    expect(tracker.inFlight('brk-1')).toBe(2);
    advance(5_000);
    tracker.sweep(); // a timed out
    expect(tracker.inFlight('brk-1')).toBe(1);
    expect(tracker.create(cmd('d')).created).toBe(true);
  });

  it('counts restored commands in flight against the limit', () => {
    const { tracker } = setup({ maxInFlightPerDevice: 1 });
    tracker.restore({
      id: 'r1',
      deviceId: 'brk-1',
      name: 'open',
      params: {},
      status: 'pending',
      createdAt: 900,
      timeoutMs: 10_000,
    });
    expect(() => tracker.create(cmd('n1'))).toThrow(TooManyCommandsError);
    tracker.respond('brk-1', { id: 'r1', status: 'succeeded' });
    expect(tracker.create(cmd('n1')).created).toBe(true);
  });
});
