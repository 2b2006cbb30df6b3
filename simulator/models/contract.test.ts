import { describe, expect, it } from 'vitest';
import { createModel } from './create-model.ts';
import { derive } from './random.ts';
import type { ModelType, TelemetryValue } from './model.ts';

// The contract's field specs (docs/twin-contract.md), restated here because twin/ is being written in
// parallel. TODO: check against twin's DEVICE_SPECS once it is exported from twin/index.ts.
type Kind = 'number' | 'integer' | 'boolean' | 'string';
type Spec = [Kind, number?, number?] | ['string', readonly string[]];
const n = (min?: number, max?: number): Spec => ['number', min, max];
const i = (min?: number, max?: number): Spec => ['integer', min, max];
const COMMON: Record<string, Spec> = { uptime_s: i(0), fw_version: ['string', []] };
const power = (p: string, f: (min?: number, max?: number) => Spec, min?: number, max?: number) =>
  Object.fromEntries(['', '_a', '_b', '_c'].map((s) => [`${p}${s}`, f(min, max)]));

const TELEMETRY: Record<ModelType, Record<string, Spec>> = {
  smart_breaker: {
    ...COMMON,
    ...Object.fromEntries(['voltage_an', 'voltage_bn', 'voltage_cn'].map((k) => [k, n(0, 480)])),
    ...Object.fromEntries(['voltage_ab', 'voltage_bc', 'voltage_ca'].map((k) => [k, n(0, 830)])),
    ...Object.fromEntries(['current_a', 'current_b', 'current_c'].map((k) => [k, n(0, 10_000)])),
    current_total: n(0),
    ...power('active_power', n),
    ...power('reactive_power', n),
    ...power('apparent_power', n, 0),
    ...power('power_factor', n, -1, 1),
    frequency: n(40, 70),
    energy_import: n(0),
    energy_export: n(0),
    temperature: n(-40, 200),
    breaker_state: ['string', ['closed', 'open', 'tripped']],
    trip_count: i(0),
    last_trip_cause: ['string', ['none', 'magnetic', 'thermal', 'ground_fault', 'arc_fault', 'manual']],
    ground_fault_current: n(0, 10_000),
    arc_fault: ['boolean'],
    load_percent: n(0, 5000),
    operating_hours: n(0),
    maintenance_due: ['boolean'],
    rated_current: n(1, 6300),
    curve: ['string', ['B', 'C', 'D']],
  },
  env_sensor: {
    ...COMMON,
    temperature: n(-40, 85),
    humidity: n(0, 100),
    pressure: n(300, 1100),
    gas_resistance: n(0, 10_000_000),
    light: n(0, 200_000),
    sound: n(0, 140),
    motion: ['boolean'],
    battery: n(0, 100),
    battery_voltage: n(0, 5),
    rssi: n(-130, 0),
  },
  camera: {
    ...COMMON,
    online: ['boolean'],
    fps: n(0, 240),
    bitrate_kbps: n(0, 200_000),
    resolution: ['string', ['640x480', '1280x720', '1920x1080', '2560x1440', '3840x2160']],
    recording: ['boolean'],
    motion_events: i(0),
    last_motion_at: n(0),
    last_snapshot_at: n(0),
    storage_used_percent: n(0, 100),
  },
  gateway: {
    ...COMMON,
    children_connected: i(0),
    children_known: i(0),
    uplink_rssi: n(-130, 0),
    queue_depth: i(0),
    dropped_messages: i(0),
    duty_cycle_percent: n(0, 100),
    radio: ['string', ['zigbee', 'lora', 'ble', 'thread', 'wifi']],
    channel: ['string', []],
  },
};
const DESIRED: Record<ModelType, string[]> = {
  smart_breaker: ['closed', 'interval_s'],
  env_sensor: ['interval_s', 'deep_sleep'],
  camera: ['recording', 'resolution', 'fps_target'],
  gateway: ['interval_s', 'permit_join'],
};
const COMMANDS: Record<ModelType, string[]> = {
  smart_breaker: ['open', 'close', 'reset'],
  env_sensor: ['identify', 'reboot', 'calibrate'],
  camera: ['snapshot', 'reboot'],
  gateway: ['permit_join', 'remove_child', 'reboot'],
};

/** What is wrong with `value` for `spec`, or undefined (no expect() per value: thousands are checked). */
function violation(field: string, value: TelemetryValue, spec: Spec): string | undefined {
  const [kind, a, b] = spec;
  const bad = `${field}=${JSON.stringify(value)} is not ${kind}`;
  if (kind === 'boolean' || kind === 'string') {
    if (typeof value !== kind) return bad;
    return Array.isArray(a) && a.length > 0 && !a.includes(value as string)
      ? `${bad} in ${a.join('|')}`
      : undefined;
  }
  if (typeof value !== 'number' || (kind === 'integer' && !Number.isInteger(value))) return bad;
  if (typeof a === 'number' && value < a) return `${bad} >= ${a}`;
  if (typeof b === 'number' && value > b) return `${bad} <= ${b}`;
  return undefined;
}

describe.each(['smart_breaker', 'env_sensor', 'camera', 'gateway'] as const)(
  '%s against the twin contract',
  (type) => {
    it('publishes only contract fields, of the right kind and in range, and all of them', () => {
      const model = createModel(type, { seed: 17, startMs: Date.UTC(2025, 2, 1) });
      expect(model.type).toBe(type);
      const seen = new Set<string>();
      const problems = new Set<string>();
      for (let step = 0; step < 2 * 24 * 60; step++) {
        model.step(60_000);
        if (step === 100 && type === 'camera') model.command('snapshot');
        for (const [field, value] of Object.entries(model.telemetry())) {
          const spec = TELEMETRY[type][field];
          const problem = spec
            ? value !== undefined && violation(field, value, spec)
            : `unknown field ${field}`;
          if (problem) problems.add(problem);
          seen.add(field);
        }
      }
      expect([...problems].slice(0, 10)).toEqual([]);
      expect([...seen].sort()).toEqual(Object.keys(TELEMETRY[type]).sort());
    });

    it('reports exactly its desired-state properties and knows every contract command', () => {
      const model = createModel(type, { seed: 3 });
      expect(Object.keys(model.reported()).sort()).toEqual([...DESIRED[type]].sort());
      for (const name of COMMANDS[type]) {
        const r = model.command(name, name === 'identify' ? { duration_s: 5 } : {});
        expect(r.ok || !r.error.startsWith('unknown command'), `${name}: ${JSON.stringify(r)}`).toBe(true);
      }
      expect(model.command('no_such_command')).toMatchObject({ ok: false });
    });

    it('does not go back in time', () => {
      const model = createModel(type, { seed: 3 });
      model.advance(10_000);
      const before = model.telemetry();
      expect(model.advance(5_000)).toEqual([]);
      expect(model.nowMs()).toBe(10_000);
      expect(model.telemetry()).toEqual(before);
    });
  },
);

describe('README example', () => {
  it('runs as written', () => {
    const events: unknown[] = [];
    const readings: unknown[] = [];
    const publishEvent = (e: unknown): number => events.push(e);
    const publishTelemetry = (t: unknown): number => readings.push(t);
    // --- copied from README.md ---
    const breaker = createModel('smart_breaker', {
      seed: derive('fleet-1', 7),
      startMs: Date.UTC(2025, 0, 6),
    });
    const end = breaker.nowMs() + 3_600_000;
    while (breaker.nowMs() < end) {
      for (const event of breaker.step(breaker.publishIntervalMs())) publishEvent(event); // { ts, type: 'trip', … }
      publishTelemetry(breaker.telemetry()); // { voltage_an, current_a, …, breaker_state }
    }
    // --- end of copy ---
    expect(readings).toHaveLength(360);
    expect(readings[0]).toMatchObject({ breaker_state: 'closed', rated_current: 16, curve: 'C' });
  });
});
