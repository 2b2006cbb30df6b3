import type { DeviceSelector } from '../expect/condition.ts';
import { FakeData } from '../expect/fake-data.test-helper.ts';
import { VirtualClock } from './clock.ts';
import { EventLog } from './event-log.ts';
import type { FaultSpec, FleetControl, PlatformControl, ScenarioWorld } from './world.ts';

export interface Call {
  t: number;
  what: string;
  args: unknown[];
}

/** A world of plain objects on a virtual clock; every action is recorded in `calls`. */
export function fakeWorld(o: { fleets?: Record<string, string[]> } = {}) {
  const clock = new VirtualClock(1_000_000_000_000);
  const data = new FakeData();
  const log = new EventLog();
  const calls: Call[] = [];
  const record = (what: string, ...args: unknown[]) =>
    calls.push({ t: clock.now() - 1_000_000_000_000, what, args });
  const fleetIds = o.fleets ?? {};
  const running = new Set<string>(Object.keys(fleetIds));
  let commandSeq = 0;
  const fleets: FleetControl = {
    names: () => Object.keys(fleetIds),
    isRunning: (n) => running.has(n),
    start: async (n) => {
      record('start_fleet', n);
      running.add(n);
    },
    stop: async (n) => {
      record('stop_fleet', n);
      running.delete(n);
    },
    inject: async (fleet: string, fault: FaultSpec, sel?: DeviceSelector) => {
      record('inject', fleet, fault, sel);
      const devices = sel?.ids ?? fleetIds[fleet] ?? [];
      return { devices, clear: async () => void record('clear', fleet, fault.kind) };
    },
    advance: async (ms, fleet) => void record('advance', ms, fleet),
    backfill: async (fleet, b) => {
      record('backfill', fleet, b);
      return { messages: 10 };
    },
    deviceIds: (f) => (running.has(f) ? (fleetIds[f] ?? []) : []),
    select: (f, sel) =>
      (fleetIds[f] ?? []).filter((id) => !sel.ids || sel.ids.includes(id)).slice(0, sel.count),
    published: () => ({}),
    stats: () => ({}),
  };
  const platform: PlatformControl & { running: boolean } = {
    url: 'http://127.0.0.1:1',
    running: true,
    api: {
      request: async (method, path, body) => {
        record('api', method, path, body);
        return { status: 404, body: { message: 'the fake platform has no routes' } };
      },
      ok: async (method, path, body) => {
        record('api', method, path, body);
        return {};
      },
    },
    setDesired: async (id, state) => void record('set_desired', id, state),
    sendCommand: async (id, body) => {
      record('send_command', id, body);
      return { id: `cmd-${++commandSeq}`, status: 'pending' };
    },
    stop: async (how) => {
      record('stop_platform', how);
      platform.running = false;
    },
    start: async () => {
      record('start_platform');
      platform.running = true;
    },
  };
  const world: ScenarioWorld = {
    clock,
    data,
    log,
    prefix: 'p-',
    fleets,
    platform,
    services: { restart: async (name) => void record('restart', name) },
    mqtt: { publish: async (topic, payload, q) => void record('publish', topic, payload, q) },
    mqttUrl: 'mqtt://127.0.0.1:1',
    topicFor: (profile, kind, id) => `${profile}/${id}/${kind}`,
  };
  return { world, clock, data, log, calls };
}
