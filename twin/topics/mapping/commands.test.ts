import { describe, expect, it } from 'vitest';
import { builtinProfile } from '../builtin-profiles.ts';
import { compileProfile } from '../profiles.ts';
import { encodeCommand, mapCommandResponse } from './apply.ts';

const cmd = { id: 'c-1', name: 'identify', params: { duration_s: 5 }, ts: 1732950000123, timeoutMs: 10_500 };
const base = {
  name: 'acme',
  telemetry: 'acme/{id}/up',
  command: 'acme/{id}/down',
  commandResponse: 'acme/{id}/ack',
};

describe('payload mapping: commands in the device shape', () => {
  it("sends twinbench's own shape without a template (the built-in profiles keep it)", () => {
    expect(JSON.parse(encodeCommand(builtinProfile('iot-node'), cmd))).toEqual({
      id: 'c-1',
      name: 'identify',
      params: { duration_s: 5 },
      ts: 1732950000123,
    });
  });

  it('fills a {command, params} template', () => {
    const p = compileProfile({
      ...base,
      mapping: { commands: { template: { command: '{name}', params: '{params}' } } },
    });
    expect(JSON.parse(encodeCommand(p, cmd))).toEqual({ command: 'identify', params: { duration_s: 5 } });
  });

  it('fills an {action, message_id, timestamp, priority, timeout} template with typed values', () => {
    const p = compileProfile({
      ...base,
      mapping: {
        commands: {
          template: {
            action: '{name}',
            message_id: '{id}',
            timestamp: '{ts_s}',
            sent_at: '{ts_iso}',
            priority: 'high',
            timeout: '{timeout_s}',
            args: { seconds: '{param.duration_s}', missing: '{param.nope}' },
            topic_hint: 'cmd/{name}/{id}',
          },
        },
      },
    });
    expect(JSON.parse(encodeCommand(p, cmd))).toEqual({
      action: 'identify',
      message_id: 'c-1',
      timestamp: 1732950000,
      sent_at: '2024-11-30T07:00:00.123Z',
      priority: 'high',
      timeout: 11,
      args: { seconds: 5 },
      topic_hint: 'cmd/identify/c-1',
    });
  });

  it('reads responses back: id and status keys, status words, result and error', () => {
    const p = compileProfile({
      ...base,
      mapping: {
        commands: {
          response: {
            id: 'message_id',
            status: 'result',
            statuses: { OK: 'succeeded', received: 'delivered', error: 'failed' },
            result: 'data',
            error: 'reason',
          },
        },
      },
    });
    expect(mapCommandResponse(p, { message_id: 'c-1', result: 'ok', data: { blinked: true } })).toEqual({
      ok: true,
      value: { id: 'c-1', status: 'succeeded', result: { blinked: true } },
    });
    expect(mapCommandResponse(p, { message_id: 7, result: 'received' })).toEqual({
      ok: true,
      value: { id: '7', status: 'delivered' },
    });
    expect(mapCommandResponse(p, { message_id: 'c-1', result: 'error', reason: 'busy' })).toEqual({
      ok: true,
      value: { id: 'c-1', status: 'failed', error: 'busy' },
    });
    const bad = mapCommandResponse(p, { message_id: 'c-1', result: 'maybe' });
    expect(bad.ok).toBe(false);
  });
});

describe('per-profile liveness', () => {
  it('compiles offlineAfter and checkEvery, with a default check of a fifth', () => {
    expect(compileProfile({ ...base, liveness: { offlineAfter: '15s', checkEvery: '5s' } }).liveness).toEqual(
      {
        offlineAfterMs: 15_000,
        checkEveryMs: 5_000,
      },
    );
    expect(compileProfile({ ...base, liveness: { offlineAfter: '15s' } }).liveness).toEqual({
      offlineAfterMs: 15_000,
      checkEveryMs: 3_000,
    });
    expect(() => compileProfile({ ...base, liveness: { offlineAfter: 'soon' } })).toThrow(/offlineAfter/);
  });

  it('adds a heartbeat topic kind', () => {
    const p = compileProfile({ ...base, heartbeat: 'acme/{id}/hb' });
    expect(p.match('acme/n1/hb')).toEqual({ kind: 'heartbeat', deviceId: 'n1' });
    expect(p.subscriptions()).toContain('acme/+/hb');
  });
});
