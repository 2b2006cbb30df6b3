import { toLine } from '../../runtime/index.ts';
import { describe, expect, it } from 'vitest';
import type { CommandRecord } from '../commands/tracker.ts';
import type { DeviceRecord } from '../registry/registry.ts';
import { changeToLine } from './encode.ts';

/** A JSON document as a line-protocol string field: quotes and backslashes escaped. */
const quoted = (value: unknown) => `"${JSON.stringify(value).replace(/["\\]/g, (c) => `\\${c}`)}"`;

describe('changeToLine', () => {
  it('writes telemetry with device and type tags, every number as a float, seq and sent as _seq/_sent', () => {
    const line = changeToLine(
      {
        kind: 'telemetry',
        deviceId: 'env-1',
        ts: 1_767_225_600_000,
        seq: 7,
        sent: 1_767_225_599_990,
        fields: { temperature: 21, humidity: 40.5, motion: true, pressure: -0 },
      },
      'env_sensor',
    );
    expect(line).toBe(
      'telemetry,device_id=env-1,type=env_sensor temperature=21.0,humidity=40.5,motion=true,pressure=0.0,_seq=7.0,_sent=1767225599990.0 1767225600000',
    );
  });

  it('keeps a field a float whether the device sent 21 or 21.5 (no type conflict in InfluxDB)', () => {
    const at = (temperature: number) =>
      changeToLine({ kind: 'telemetry', deviceId: 'e', ts: 1, fields: { temperature } }, 'env_sensor');
    expect(at(21)).toContain('temperature=21.0 ');
    expect(at(21.5)).toContain('temperature=21.5 ');
  });

  it('escapes string field values and tag values', () => {
    const line = changeToLine(
      {
        kind: 'telemetry',
        deviceId: 'aa:bb:cc:dd:ee:ff',
        ts: 5,
        fields: { resolution: '1920x1080', note: 'say "hi" \\ bye\nnext' },
      },
      'camera',
    );
    expect(line).toBe(
      'telemetry,device_id=aa:bb:cc:dd:ee:ff,type=camera resolution="1920x1080",note="say \\"hi\\" \\\\ bye next" 5',
    );
  });

  it('writes a classic shadow under the "-" tag, with its document, version and deleted flag', () => {
    const state = { desired: { color: 'red' }, reported: { color: 'blue' }, delta: { color: 'red' } };
    const metadata = { desired: { color: { timestamp: 1_767_225_600 } } };
    const line = changeToLine(
      { kind: 'shadow', deviceId: 'lamp-1', ts: 2_000, version: 3, state, metadata },
      'generic',
    );
    expect(line).toBe(
      `shadow,device_id=lamp-1,shadow=- doc=${quoted({ state, metadata, version: 3 })},version=3.0,deleted=false 2000`,
    );
  });

  it('writes a named shadow under its name, and a deletion', () => {
    const line = changeToLine(
      {
        kind: 'shadow',
        deviceId: 'lamp-1',
        shadowName: 'config',
        ts: 9,
        version: 4,
        deleted: true,
        state: {},
      },
      'generic',
    );
    expect(line).toBe(
      `shadow,device_id=lamp-1,shadow=config doc=${quoted({ state: {}, version: 4 })},version=4.0,deleted=true 9`,
    );
  });

  it('writes liveness transitions', () => {
    expect(
      changeToLine(
        { kind: 'liveness', deviceId: 'd1', ts: 3_000, online: false, reason: 'last_will' },
        'env_sensor',
      ),
    ).toBe('liveness,device_id=d1 online=false,reason="last_will" 3000');
  });

  it('writes events tagged by their type, the whole event as JSON', () => {
    const event = { type: 'door open', boxes: [{ label: 'person, "tall"', confidence: 0.9 }] };
    expect(changeToLine({ kind: 'event', deviceId: 'cam-1', ts: 4_000, event }, 'camera')).toBe(
      `events,device_id=cam-1,type=door\\ open data=${quoted(event)} 4000`,
    );
  });

  it('writes commands tagged by name; latency and error only once known; creation, timeout (and params first) for a restart', () => {
    const record: CommandRecord = {
      id: 'c1',
      deviceId: 'brk-1',
      name: 'open',
      params: {},
      status: 'pending',
      createdAt: 5_000,
      timeoutMs: 100,
    };
    const line = (command: CommandRecord) =>
      changeToLine({ kind: 'command', deviceId: 'brk-1', ts: 5_100, command }, 'smart_breaker');
    expect(line(record)).toBe(
      'commands,device_id=brk-1,name=open id="c1",status="pending",created_at=5000.0,timeout_ms=100.0,params="{}" 5100',
    );
    expect(
      line({ ...record, status: 'timed_out', latencyMs: 100, error: 'no final response within 100 ms' }),
    ).toBe(
      'commands,device_id=brk-1,name=open id="c1",status="timed_out",latency_ms=100.0,error="no final response within 100 ms",created_at=5000.0,timeout_ms=100.0 5100',
    );
  });

  it('writes a registration as a JSON document', () => {
    const device: DeviceRecord = {
      id: 'env-1',
      type: 'env_sensor',
      name: 'Lobby "east"',
      tags: { floor: '2' },
      location: { site: 'hq', x: 1.5 },
      profile: 'twinbench',
      registeredAt: 6_000,
      registeredBy: 'api',
    };
    expect(changeToLine({ kind: 'device', deviceId: 'env-1', ts: 6_000, device }, 'env_sensor')).toBe(
      `devices,device_id=env-1 doc=${quoted(device)} 6000`,
    );
  });

  it('throws on a telemetry value InfluxDB cannot store (the sink logs it and goes on)', () => {
    expect(() =>
      changeToLine({ kind: 'telemetry', deviceId: 'e', ts: 1, fields: { t: Number.NaN } }, 'env_sensor'),
    ).toThrow(/finite/);
  });

  it('writes telemetry exactly as toLine does (the cached hot path), names with characters to escape included', () => {
    const cases: [string, string, Record<string, number | boolean | string>, number?, number?][] = [
      ['env-1', 'env_sensor', { temperature: 21.5, humidity: 40 }, 3, 1_700_000_000_000],
      ['a b,c=d', 'my type', { 'f x': 1e21, 'g,h=i': -0.5, s: 'q"u\\o\nte', b: false }],
      ['dev:1', '', { big: 123456789012345680000, small: 1e-7 }, 0],
      ['env-1', 'env_sensor', { temperature: 22 }, undefined, 5],
      // The same device under another type (a generic device that announced its type), and back.
      ['env-1', 'generic', { temperature: 23 }],
      ['env-1', 'env_sensor', { temperature: 24 }],
    ];
    for (const [deviceId, type, fields, seq, sent] of cases) {
      for (let twice = 0; twice < 2; twice++) {
        const change = {
          kind: 'telemetry' as const,
          deviceId,
          ts: 1_767_225_600_000.4,
          fields,
          ...(seq !== undefined ? { seq } : {}),
          ...(sent !== undefined ? { sent } : {}),
        };
        const all: Record<string, number | boolean | string> = { ...fields };
        if (seq !== undefined) all._seq = seq;
        if (sent !== undefined) all._sent = sent;
        expect(changeToLine(change, type)).toBe(
          toLine({
            measurement: 'telemetry',
            tags: { device_id: deviceId, type },
            fields: all,
            timeMs: change.ts,
          }),
        );
      }
    }
  });
});
