import { describe, expect, it } from 'vitest';
import { DEVICE_SPECS } from '../../devices/specs.ts';
import { builtinProfile } from '../builtin-profiles.ts';
import { compileInbound, type MapContext } from './inbound.ts';

const env: MapContext = { deviceId: 'esp32-01', fields: DEVICE_SPECS.env_sensor.telemetry };
const brk: MapContext = { deviceId: 'brk-1', fields: DEVICE_SPECS.smart_breaker.telemetry };
const node = builtinProfile('iot-node').mapping!.inbound;

const okValue = <T>(r: { ok: true; value: T } | { ok: false; errors: string[] }): T => {
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
};
const errorsOf = (r: { ok: boolean; errors?: string[] }) => (r.ok ? [] : r.errors!);

describe('payload mapping: where fields are', () => {
  it('reads fields flat at the top level', () => {
    const m = okValue(node.telemetry({ temperature: 21.4, humidity: 45 }, env));
    expect(m.message).toEqual({ fields: { temperature: 21.4, humidity: 45 } });
  });

  it('reads fields under a named object (sensors, metrics, measurements, data)', () => {
    for (const where of ['sensors', 'metrics', 'measurements', 'data']) {
      const m = okValue(node.telemetry({ [where]: { temperature: 20, pressure: 1013 } }, env));
      expect(m.message).toEqual({ fields: { temperature: 20, pressure: 1013 } });
    }
  });

  it('flattens nested groups with the separator, or maps them by dotted path', () => {
    const mapping = compileInbound({
      fields: { in: ['metrics'] },
      aliases: { 'voltage.phase_a': 'voltage_an', power_active: 'active_power' },
    });
    const m = okValue(
      mapping.telemetry(
        { metrics: { voltage: { phase_a: 230.1 }, current: { a: 12 }, power: { active: 2800 } } },
        brk,
      ),
    );
    expect(m.message).toEqual({ fields: { voltage_an: 230.1, current_a: 12, active_power: 2800 } });
  });

  it('refuses groups when nested is "reject"', () => {
    const mapping = compileInbound({ fields: { nested: 'reject' } });
    expect(errorsOf(mapping.telemetry({ voltage: { an: 1 } }, brk))[0]).toMatch(/voltage: is a group/);
  });

  it('treats top-level keys as unknown when the fields live under a named object only', () => {
    const mapping = compileInbound({ fields: { in: ['data'] } });
    const m = okValue(mapping.telemetry({ data: { temperature: 1 }, temperature: 2 }, env));
    expect(m.message).toEqual({ fields: { temperature: 1 } });
    expect(m.unknown).toEqual(['temperature']);
  });
});

describe('payload mapping: values and units', () => {
  it('takes {value, unit} objects in the declared unit', () => {
    const m = okValue(node.telemetry({ sensors: { temperature: { value: 21.4, unit: '°C' } } }, env));
    expect(m.message).toEqual({ fields: { temperature: 21.4 } });
  });

  it('converts °F, K, mV, kW, ms and mbar into the unit the device type declares', () => {
    const m = okValue(
      node.telemetry(
        {
          temperature: { value: 70.7, unit: '°F' },
          battery_voltage: { value: 3300, unit: 'mV' },
          pressure: { value: 1013.2, unit: 'mbar' },
        },
        env,
      ),
    );
    expect(m.message).toEqual({ fields: { temperature: 21.5, battery_voltage: 3.3, pressure: 1013.2 } });
    const k = okValue(node.telemetry({ temperature: { value: 294.65, unit: 'K' } }, env));
    expect(k.message).toEqual({ fields: { temperature: 21.5 } });
    const p = okValue(node.telemetry({ active_power: { value: 2.5, unit: 'kW' } }, brk));
    expect(p.message).toEqual({ fields: { active_power: 2500 } });
  });

  it('refuses a unit of another quantity, naming field and units', () => {
    expect(errorsOf(node.telemetry({ temperature: { value: 3, unit: 'V' } }, env))[0]).toMatch(
      /temperature: unit "V" cannot be converted for temperature, which is in °C/,
    );
  });

  it('refuses any other unit when units is "check"', () => {
    const mapping = compileInbound({ fields: { units: 'check' } });
    expect(errorsOf(mapping.telemetry({ temperature: { value: 70, unit: 'F' } }, env))[0]).toMatch(
      /cannot be accepted/,
    );
    expect(okValue(mapping.telemetry({ temperature: { value: 21, unit: 'degC' } }, env)).message).toEqual({
      fields: { temperature: 21 },
    });
  });

  it('maps values (1/0 to closed/open) and aliases names', () => {
    const mapping = compileInbound({
      aliases: { state: 'breaker_state', temp: 'temperature' },
      values: { breaker_state: { '1': 'closed', '0': 'open' } },
    });
    const m = okValue(mapping.telemetry({ state: 1, temp: 40 }, brk));
    expect(m.message).toEqual({ fields: { breaker_state: 'closed', temperature: 40 } });
    expect(okValue(mapping.telemetry({ state: 0 }, brk)).message).toEqual({
      fields: { breaker_state: 'open' },
    });
  });

  it('drops null readings as ignored', () => {
    const m = okValue(node.telemetry({ temperature: null, humidity: 40 }, env));
    expect(m.message).toEqual({ fields: { humidity: 40 } });
    expect(m.ignored).toEqual(['temperature']);
  });
});

describe('payload mapping: timestamps', () => {
  const at = (body: Record<string, unknown>) =>
    (okValue(node.telemetry({ ...body, temperature: 1 }, env)).message as { ts?: number }).ts;

  it('reads epoch seconds (never landing in 1970), epoch ms and ISO 8601 with or without a zone', () => {
    expect(at({ timestamp: 1732950000 })).toBe(1732950000000);
    expect(at({ timestamp: 1732950000.25 })).toBe(1732950000250);
    expect(at({ timestamp: 1732950000123 })).toBe(1732950000123);
    expect(at({ ts: '1732950000' })).toBe(1732950000000);
    expect(at({ time: '2024-11-30T07:00:00Z' })).toBe(Date.UTC(2024, 10, 30, 7));
    expect(at({ time: '2024-11-30T08:00:00+01:00' })).toBe(Date.UTC(2024, 10, 30, 7));
    expect(at({ time: '2024-11-30T07:00:00.5' })).toBe(Date.UTC(2024, 10, 30, 7, 0, 0, 500));
    expect(at({ time: '2024-11-30 07:00:00+0100' })).toBe(Date.UTC(2024, 10, 30, 6));
  });

  it('finds the timestamp inside the fields object too', () => {
    expect(
      (okValue(node.telemetry({ data: { ts: 1732950000, temperature: 2 } }, env)).message as { ts: number })
        .ts,
    ).toBe(1732950000000);
  });

  it('holds a profile to its one form, and refuses what is not a time', () => {
    const s = compileInbound({ timestamp: { keys: ['t'], format: 's' } });
    expect((okValue(s.telemetry({ t: 1732950000123 }, env)).message as { ts: number }).ts).toBe(
      1732950000123000,
    );
    expect(errorsOf(s.telemetry({ t: '2024-11-30T07:00:00Z' }, env))[0]).toMatch(/expects epoch seconds/);
    expect(errorsOf(node.telemetry({ ts: 'yesterday' }, env))[0]).toMatch(/ts: "yesterday" is not ISO 8601/);
    const iso = compileInbound({ timestamp: { format: 'iso' } });
    expect(errorsOf(iso.telemetry({ ts: 5 }, env))[0]).toMatch(/expects ISO 8601/);
  });
});

describe('payload mapping: keys that are not telemetry', () => {
  const typical = {
    device_id: 'esp32-01',
    timestamp: 1732950000,
    sensors: { temperature: { value: 21.4, unit: '°C' }, humidity: 45 },
    rssi: -61,
    free_heap: 182000,
    uptime: 3600,
    status: 'ok',
  };

  it('turns the usual ESP32 message into fields, metadata and a timestamp', () => {
    const m = okValue(node.telemetry(typical, env));
    expect(m.message).toEqual({
      ts: 1732950000000,
      fields: { temperature: 21.4, humidity: 45, rssi: -61, uptime_s: 3600 },
    });
    expect(m.metadata).toEqual({ free_heap: 182000, status: 'ok' });
    expect(m.unknown).toBeUndefined();
  });

  it('keeps a health value as metadata when the device type lacks the field', () => {
    const m = okValue(node.telemetry({ rssi: -70, current_a: 3 }, brk));
    expect(m.message).toEqual({ fields: { current_a: 3 } });
    expect(m.metadata).toEqual({ rssi: -70 });
  });

  it('converts uptime in ms to whole seconds', () => {
    const m = okValue(node.telemetry({ uptime_ms: 3600400 }, env));
    expect(m.message).toEqual({ fields: { uptime_s: 3600 } });
  });

  it('checks the device id in the body against the topic', () => {
    expect(errorsOf(node.telemetry({ ...typical, device_id: 'esp32-02' }, env))[0]).toMatch(
      /device_id: "esp32-02" does not match the device in the topic \(esp32-01\)/,
    );
  });

  it('compares a MAC in the body with the topic whatever its spelling', () => {
    const mac = builtinProfile('devices-mac').mapping!.inbound;
    const ctx = { deviceId: 'aa:bb:cc:00:11:22', fields: DEVICE_SPECS.env_sensor.telemetry };
    expect(okValue(mac.telemetry({ mac: 'AA-BB-CC-00-11-22', temperature: 1 }, ctx)).message).toEqual({
      fields: { temperature: 1 },
    });
    expect(errorsOf(mac.telemetry({ mac: 'AA-BB-CC-00-11-23' }, ctx))).toHaveLength(1);
  });

  it('reads the device type a message names, and keeps it out of the fields', () => {
    expect(node.typeOf({ type: 'env_sensor', temperature: 1 })).toBe('env_sensor');
    expect(node.typeOf({ device_type: 'camera' })).toBe('camera');
    expect(node.typeOf({ temperature: 1 })).toBeUndefined();
    expect(compileInbound({}).typeOf({ type: 'env_sensor' })).toBeUndefined();
  });

  it('ignores keys by rule', () => {
    const m = okValue(node.telemetry({ type: 'env_sensor', humidity: 1 }, env));
    expect(m.ignored).toEqual(['type']);
  });
});

describe('payload mapping: unknown keys and envelopes', () => {
  it('drops and reports unknown keys, or rejects them naming the key when strict', () => {
    const loose = okValue(node.telemetry({ temperature: 1, colour: 'red', sensors: { co2: 400 } }, env));
    expect(loose.message).toEqual({ fields: { temperature: 1 } });
    expect(loose.unknown).toEqual(['colour', 'sensors.co2']);
    const strict = compileInbound({ strict: true });
    expect(errorsOf(strict.telemetry({ temperature: 1, colour: 'red' }, env))).toEqual([
      'colour: unknown key; this profile is strict: map it (aliases, keys) or set "strict: false" to drop unknown keys',
    ]);
  });

  it("passes twinbench's own envelope unchanged, and keeps seq and sent", () => {
    const envelope = { ts: 5, seq: 1, fields: { temperature: 1, bogus: 2 } };
    expect(okValue(node.telemetry(envelope, env)).message).toBe(envelope);
    expect(okValue(node.telemetry({ seq: 4, sent: 9, humidity: 2 }, env)).message).toEqual({
      seq: 4,
      sent: 9,
      fields: { humidity: 2 },
    });
    const noEnvelope = compileInbound({ envelope: false, fields: { in: ['fields'] } });
    expect(okValue(noEnvelope.telemetry({ fields: { temperature: 3 } }, env)).message).toEqual({
      fields: { temperature: 3 },
    });
  });

  it('refuses a body that is not an object', () => {
    expect(errorsOf(node.telemetry([1, 2], env))[0]).toMatch(/send a JSON object/);
  });

  it('reads status words into online/offline, with the type the message names', () => {
    expect(node.statusOf({ status: 'online', type: 'env_sensor' })).toEqual({
      online: true,
      type: 'env_sensor',
    });
    expect(node.statusOf({ status: 'Disconnected', device_type: 'camera' })).toEqual({
      online: false,
      type: 'camera',
    });
    expect(node.statusOf({ online: true, status: 'offline' })).toBeUndefined(); // twinbench's own form wins
    expect(node.statusOf({ status: 'booting' })).toBeUndefined();
    expect(compileInbound({}).statusOf({ status: 'online' })).toBeUndefined();
    const custom = compileInbound({ status: { key: 'state', online: ['ON'], offline: ['OFF'] } });
    expect(custom.statusOf({ state: 'on' })).toEqual({ online: true });
  });

  it('keeps metadata from a heartbeat body', () => {
    expect(okValue(node.metadataOf({ free_heap: 1000, status: 'ok', temperature: 3 }, env))).toEqual({
      free_heap: 1000,
      status: 'ok',
    });
  });
});
