import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { CommandViewSchema, type CommandView } from './commands.ts';
import { DevicePageSchema, type DevicePage, type DeviceRecord } from './device.ts';
import { HealthSchema, type Health } from './health.ts';
import { HistoryAnswerSchema, type HistoryAnswer } from './history.ts';
import { StreamFrameSchema, TWIN_CHANGE_KINDS, type StreamFrame } from './stream.ts';
import { TwinViewSchema, type TwinView } from './twin-view.ts';

const device: DeviceRecord = {
  id: 'env-0001',
  type: 'env_sensor',
  name: 'Meeting room',
  tags: { floor: '2' },
  location: { site: 's', floor: '2', x: 1.5 },
  profile: 'twinbench',
  fwVersion: '1.2.3',
  registeredAt: 1_767_225_600_000,
  registeredBy: 'first_contact',
};
const command: CommandView = {
  id: 'c-1',
  deviceId: 'env-0001',
  name: 'identify',
  params: { duration_s: 10 },
  status: 'succeeded',
  createdAt: 1,
  deliveredAt: 2,
  completedAt: 3,
  latencyMs: 2,
  result: { ok: true },
  timeoutMs: 10_000,
};

// The types and the schemas are one source; these values are typed by the types and checked by the
// schemas, so a field added to one and not the other fails here (or in tsc).
describe('the REST and stream wire schemas', () => {
  it('accept a whole twin view and a device list', () => {
    const view: TwinView = {
      device,
      online: true,
      lastSeen: 10,
      onlineSince: 5,
      telemetry: { ts: 10, seq: 3, fields: { temperature: 21.5, motion: false } },
      shadow: { state: { desired: { interval_s: 30 }, delta: { interval_s: 30 } }, metadata: {}, version: 2 },
      namedShadows: ['config'],
    };
    expect(Compile(TwinViewSchema).Check(view)).toBe(true);
    const page: DevicePage = {
      devices: [{ device: { ...device, type: 'generic' }, online: false }],
      next: 'x',
    };
    expect(Compile(DevicePageSchema).Check(page)).toBe(true);
    // A page with chosen fields: only the id is required.
    expect(Compile(DevicePageSchema).Check({ devices: [{ device: { id: 'a' }, online: true }] })).toBe(true);
    expect(Compile(DevicePageSchema).Check({ devices: [{ device: { type: 'camera' } }] })).toBe(false);
    // A type's name is checked by shape (types from device-type files are known at run time only).
    expect(
      Compile(DevicePageSchema).Check({
        devices: [{ device: { ...device, type: 'Toaster!' }, online: false }],
      }),
    ).toBe(false);
  });

  it('accept a command, health and a history answer', () => {
    expect(Compile(CommandViewSchema).Check(command)).toBe(true);
    expect(Compile(CommandViewSchema).Check({ ...command, status: 'done' })).toBe(false);
    const health: Health = {
      status: 'degraded',
      broker: { ok: true },
      influx: { ok: false, error: 'ECONNREFUSED' },
      history: { queued: 0, written: 10, dropped: 0 },
      devices: { registered: 1, online: 1, offline: 0 },
    };
    expect(Compile(HealthSchema).Check(health)).toBe(true);
    const history: HistoryAnswer = {
      deviceId: 'env-0001',
      kind: 'telemetry',
      from: 0,
      to: 10,
      every: '10s',
      columns: ['time', 'temperature_mean'],
      rows: [[0, 21.5]],
    };
    expect(Compile(HistoryAnswerSchema).Check(history)).toBe(true);
  });

  it('accept a stream frame with every kind of change, and refuse an unknown kind', () => {
    const frame: StreamFrame = [
      {
        kind: 'telemetry',
        deviceId: 'env-0001',
        ts: 1,
        seq: 1,
        sent: 1,
        arrivalTime: false,
        fields: { temperature: 20 },
      },
      {
        kind: 'shadow',
        deviceId: 'env-0001',
        ts: 1,
        version: 2,
        state: { reported: { interval_s: 30 } },
        metadata: {},
      },
      { kind: 'liveness', deviceId: 'env-0001', ts: 1, online: false, reason: 'last_will' },
      { kind: 'event', deviceId: 'env-0001', ts: 1, event: { type: 'battery_low', percent: 9 } },
      { kind: 'command', deviceId: 'env-0001', ts: 1, command },
      { kind: 'device', deviceId: 'env-0001', ts: 1, device },
    ];
    expect(frame.map((c) => c.kind)).toEqual([...TWIN_CHANGE_KINDS]);
    const check = Compile(StreamFrameSchema);
    expect(check.Check(frame)).toBe(true);
    expect(check.Check([{ kind: 'gossip', deviceId: 'x', ts: 1 }])).toBe(false);
  });
});
