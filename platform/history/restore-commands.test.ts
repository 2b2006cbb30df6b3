import { describe, expect, it } from 'vitest';
import type { InfluxSeries } from '../../runtime/index.ts';
import { CommandTracker, type CommandRecord } from '../commands/tracker.ts';
import { FakeHistoryPort } from '../ports/fake-history-port.ts';
import { changeToLine } from './encode.ts';
import { restoreCommands } from './restore-commands.ts';

/** The commands series InfluxDB would answer for these points (columns as `SELECT *` gives them). */
function seriesOf(points: { ts: number; command: CommandRecord }[]): InfluxSeries[] {
  const columns = [
    'time',
    'created_at',
    'device_id',
    'error',
    'id',
    'latency_ms',
    'name',
    'params',
    'status',
    'timeout_ms',
  ];
  return [
    {
      name: 'commands',
      columns,
      values: points.map(({ ts, command: c }) => [
        ts,
        c.createdAt,
        c.deviceId,
        c.error ?? null,
        c.id,
        c.latencyMs ?? null,
        c.name,
        c.status === 'pending' ? JSON.stringify(c.params) : null,
        c.status,
        c.timeoutMs,
      ]),
    },
  ];
}

const base = { deviceId: 'brk-1', name: 'open', params: { force: true }, createdAt: 1_000, timeoutMs: 5_000 };

describe('restoreCommands', () => {
  it('takes back pending and delivered commands with their deadlines, and finished ones as they ended', async () => {
    const port = new FakeHistoryPort();
    port.answer = (q) => {
      expect(q).toMatch(/^SELECT \* FROM commands WHERE time > now\(\) - 86400000ms ORDER BY time ASC$/);
      return seriesOf([
        { ts: 1_000, command: { ...base, id: 'a', status: 'pending' } },
        { ts: 1_000, command: { ...base, id: 'b', status: 'pending' } },
        { ts: 1_000, command: { ...base, id: 'c', status: 'pending' } },
        { ts: 1_200, command: { ...base, id: 'b', status: 'delivered' } },
        { ts: 1_300, command: { ...base, id: 'c', status: 'delivered' } },
        { ts: 1_400, command: { ...base, id: 'c', status: 'succeeded', latencyMs: 400 } },
      ]);
    };
    let now = 2_000;
    const changes: string[] = [];
    const tracker = new CommandTracker({
      now: () => now,
      onChange: (r) => changes.push(`${r.id}:${r.status}`),
    });
    expect(await restoreCommands(tracker, port)).toBe(2);
    expect(tracker.get('a')).toMatchObject({
      status: 'pending',
      createdAt: 1_000,
      timeoutMs: 5_000,
      params: { force: true },
    });
    expect(tracker.get('b')).toMatchObject({ status: 'delivered', deliveredAt: 1_200 });
    expect(tracker.get('c')).toMatchObject({ status: 'succeeded', completedAt: 1_400, latencyMs: 400 });
    // A late response to the finished one is ignored; a retry of it is not sent again; it is not in flight.
    expect(tracker.respond('brk-1', { id: 'c', status: 'failed' })?.status).toBe('succeeded');
    expect(tracker.create({ ...base, id: 'c' }).created).toBe(false);
    expect(tracker.inFlight('brk-1')).toBe(2);
    expect(changes).toEqual([]);
    // The original deadline: 1 000 + 5 000.
    now = 5_999;
    expect(tracker.sweep()).toEqual([]);
    now = 6_000;
    expect(tracker.sweep().map((r) => r.id)).toEqual(['a', 'b']);
    expect(tracker.get('c')?.status).toBe('succeeded');
    expect(tracker.get('a')).toMatchObject({ status: 'timed_out', latencyMs: 5_000 });
  });

  it('reads back what the platform writes (encode.ts), so the two cannot drift apart', () => {
    const line = changeToLine(
      { kind: 'command', deviceId: 'brk-1', ts: 1_000, command: { ...base, id: 'a', status: 'pending' } },
      'smart_breaker',
    );
    for (const field of [
      'created_at=1000.0',
      'timeout_ms=5000.0',
      'params="{\\"force\\":true}"',
      'status="pending"',
    ])
      expect(line).toContain(field);
  });
});
