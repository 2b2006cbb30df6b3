import { describe, expect, it } from 'vitest';
import { parseCommandMessage, parseCommandResponse, parseEvent, parseStatus } from './messages.ts';

function errorsOf(result: { ok: boolean; errors?: string[] }): string[] {
  expect(result.ok).toBe(false);
  return result.errors ?? [];
}

describe('parseStatus', () => {
  it('accepts a birth message announcing the type, and keeps only known properties', () => {
    const result = parseStatus('{"online":true,"type":"camera","fw_version":"2.1.0","ts":5,"ip":"10.0.0.2"}');
    expect(result).toEqual({ ok: true, value: { online: true, type: 'camera', fw_version: '2.1.0', ts: 5 } });
  });

  it('accepts the last will', () => {
    expect(parseStatus(new TextEncoder().encode('{"online":false}'))).toEqual({
      ok: true,
      value: { online: false },
    });
  });

  it.each([
    ['online', true],
    ['offline', false],
  ])('accepts the bare payload %s of foreign conventions', (bare, online) => {
    expect(parseStatus(bare)).toEqual({ ok: true, value: { online } });
    expect(parseStatus(new TextEncoder().encode(bare))).toEqual({ ok: true, value: { online } });
  });

  const bad = [
    { name: 'a missing online flag', payload: { type: 'camera' }, error: 'online: is required' },
    {
      name: 'online given as text',
      payload: { online: 'yes' },
      error: 'online: "yes" is a string; allowed: boolean',
    },
    {
      name: 'an unknown device type',
      payload: { online: true, type: 'toaster' },
      error:
        'type: "toaster" is not an allowed value; allowed: smart_breaker | env_sensor | camera | gateway (or load a device-type file that defines it)',
    },
    {
      name: 'a negative ts',
      payload: { online: true, ts: -1 },
      error: 'ts: -1 is out of range; allowed: >= 0',
    },
    {
      name: 'a payload that is not an object',
      payload: '42',
      error: 'status is a number (42); send a JSON object',
    },
  ];
  it.each(bad)('rejects $name', ({ payload, error }) => {
    expect(errorsOf(parseStatus(payload))).toContain(error);
  });
});

describe('parseEvent', () => {
  it('accepts events with any details, keeping them flat', () => {
    expect(parseEvent({ type: 'door', open: true, ts: 9 })).toEqual({
      ok: true,
      value: { type: 'door', open: true, ts: 9 },
    });
  });

  it('accepts the documented trip and motion events', () => {
    expect(parseEvent('{"type":"trip","cause":"thermal"}').ok).toBe(true);
    const motion = {
      type: 'motion',
      boxes: [{ x: 0.1, y: 0.2, w: 0.3, h: 0.2, label: 'person', confidence: 0.9 }],
    };
    expect(parseEvent(motion)).toEqual({ ok: true, value: motion });
  });

  const bad = [
    { name: 'a missing type', payload: { cause: 'thermal' }, error: 'type: is required' },
    {
      name: 'an empty type',
      payload: { type: '' },
      error: 'type: "" is too short; allowed: at least 1 characters',
    },
    {
      name: 'an unknown trip cause',
      payload: { type: 'trip', cause: 'gremlins' },
      error:
        'cause: "gremlins" is not an allowed value; allowed: none | magnetic | thermal | ground_fault | arc_fault | manual',
    },
    {
      name: 'a motion box outside the frame',
      payload: { type: 'motion', boxes: [{ x: 1.5, y: 0, w: 0.1, h: 0.1, label: 'cat', confidence: 0.5 }] },
      error: 'boxes[0].x: 1.5 is out of range; allowed: <= 1',
    },
    {
      name: 'a motion box without a label',
      payload: { type: 'motion', boxes: [{ x: 0, y: 0, w: 0.1, h: 0.1, confidence: 0.5 }] },
      error: 'boxes[0].label: is required',
    },
  ];
  it.each(bad)('rejects $name', ({ payload, error }) => {
    expect(errorsOf(parseEvent(payload))).toContain(error);
  });
});

describe('parseCommandMessage', () => {
  it('accepts a command as the platform sends it', () => {
    const command = { id: 'c-1', name: 'identify', params: { duration_s: 5 }, ts: 1 };
    expect(parseCommandMessage(JSON.stringify(command))).toEqual({ ok: true, value: command });
  });

  it('rejects a command without an id', () => {
    expect(errorsOf(parseCommandMessage({ name: 'reboot', params: {}, ts: 1 }))).toContain('id: is required');
  });
});

describe('parseCommandResponse', () => {
  it.each(['delivered', 'succeeded', 'failed'])('accepts status %s', (status) => {
    expect(parseCommandResponse({ id: 'c-1', status, ts: 3 }).ok).toBe(true);
  });

  it('accepts a result and an error message', () => {
    expect(parseCommandResponse({ id: 'c', status: 'succeeded', result: { url: 'x' } }).ok).toBe(true);
    expect(parseCommandResponse({ id: 'c', status: 'failed', error: 'busy' }).ok).toBe(true);
  });

  const bad = [
    {
      name: 'an unknown status',
      payload: { id: 'c', status: 'done' },
      error: 'status: "done" is not an allowed value; allowed: delivered | succeeded | failed',
    },
    {
      name: 'an error that is not text',
      payload: { id: 'c', status: 'failed', error: 500 },
      error: 'error: 500 is a number; allowed: string',
    },
    { name: 'invalid JSON', payload: '{"id":', error: 'payload is not valid JSON' },
  ];
  it.each(bad)('rejects $name', ({ payload, error }) => {
    expect(errorsOf(parseCommandResponse(payload)).some((e) => e.startsWith(error))).toBe(true);
  });
});
