import { describe, expect, it } from 'vitest';
import { DEVICE_TYPES, type DeviceType } from './device-type.ts';
import { sampleFields } from './samples.test-helper.ts';
import { DEVICE_SPECS } from './specs.ts';
import { parseTelemetry } from './validate.ts';

function errorsOf(type: DeviceType, payload: unknown, allowUnknownFields = false): string[] {
  const result = parseTelemetry(type, payload, { allowUnknownFields });
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return result.errors;
}

describe('parseTelemetry', () => {
  it.each(DEVICE_TYPES)('accepts every %s field in the envelope form', (type) => {
    const fields = sampleFields(DEVICE_SPECS[type].telemetry);
    const result = parseTelemetry(type, { ts: 1_700_000_000_000, seq: 7, sent: 1_700_000_000_050, fields });
    expect(result).toEqual({
      ok: true,
      value: { ts: 1_700_000_000_000, seq: 7, sent: 1_700_000_000_050, fields },
    });
  });

  it.each(DEVICE_TYPES)('accepts every %s field in the flat form', (type) => {
    const fields = sampleFields(DEVICE_SPECS[type].telemetry);
    const result = parseTelemetry(type, { ...fields, ts: 5 });
    expect(result).toEqual({ ok: true, value: { ts: 5, fields } });
  });

  it('accepts realistic messages of each type, as bytes, text or objects', () => {
    const breaker = {
      fields: {
        voltage_an: 231.2,
        current_a: 12.5,
        power_factor: -0.98,
        breaker_state: 'closed',
        trip_count: 0,
      },
    };
    expect(parseTelemetry('smart_breaker', new TextEncoder().encode(JSON.stringify(breaker))).ok).toBe(true);
    expect(parseTelemetry('env_sensor', '{"temperature":21.5,"humidity":40,"motion":false}').ok).toBe(true);
    expect(
      parseTelemetry('camera', {
        fields: { online: true, fps: 29.97, resolution: '1920x1080', motion_events: 3 },
      }).ok,
    ).toBe(true);
  });

  it('accepts an empty message (a heartbeat)', () => {
    expect(parseTelemetry('env_sensor', {})).toEqual({ ok: true, value: { fields: {} } });
  });

  const problems: { name: string; type: DeviceType; payload: unknown; error: string | RegExp }[] = [
    {
      name: 'a value above the range',
      type: 'smart_breaker',
      payload: { fields: { voltage_an: 512 } },
      error: 'fields.voltage_an: 512 is out of range; allowed: number 0..480 V',
    },
    {
      name: 'a value below the range',
      type: 'env_sensor',
      payload: { temperature: -41 },
      error: 'temperature: -41 is out of range; allowed: number -40..85 °C',
    },
    {
      name: 'a negative value with only a minimum',
      type: 'smart_breaker',
      payload: { fields: { energy_import: -1 } },
      error: 'fields.energy_import: -1 is out of range; allowed: number >= 0 Wh',
    },
    {
      name: 'a string where a number belongs',
      type: 'env_sensor',
      payload: { fields: { humidity: '40' } },
      error: 'fields.humidity: "40" is a string; allowed: number 0..100 %RH',
    },
    {
      name: 'a number where a boolean belongs',
      type: 'smart_breaker',
      payload: { fields: { arc_fault: 1 } },
      error: 'fields.arc_fault: 1 is a number; allowed: boolean',
    },
    {
      name: 'a fraction where an integer belongs',
      type: 'camera',
      payload: { fields: { motion_events: 2.5 } },
      error: 'fields.motion_events: 2.5 is not an integer; allowed: integer >= 0',
    },
    {
      name: 'a value outside an enum',
      type: 'smart_breaker',
      payload: { fields: { breaker_state: 'half' } },
      error: 'fields.breaker_state: "half" is not an allowed value; allowed: closed | open | tripped',
    },
    {
      name: 'an object as a field value',
      type: 'camera',
      payload: { fields: { fps: { value: 30 } } },
      error: 'fields.fps: {"value":30} is an object; allowed: number 0..240 fps',
    },
    {
      name: 'null as a field value',
      type: 'camera',
      payload: { recording: null },
      error: 'recording: null is null; allowed: boolean',
    },
    {
      name: 'a misspelt field',
      type: 'smart_breaker',
      payload: { fields: { voltage_am: 230 } },
      error:
        /^fields\.voltage_am: 230 is given but "voltage_am" is not a telemetry field of a smart_breaker \(did you mean "voltage_an"\?\); pass allowUnknownFields/,
    },
    {
      name: 'an unknown field',
      type: 'camera',
      payload: { temperature: 30 },
      error:
        /^temperature: 30 is given but "temperature" is not a telemetry field of a camera; pass allowUnknownFields/,
    },
    {
      name: 'an extra key next to fields',
      type: 'camera',
      payload: { fields: {}, fps: 30 },
      error: 'fps: is not allowed next to "fields" (allowed: ts, seq, sent, fields); move it into "fields"',
    },
    {
      name: 'fields that is not an object',
      type: 'camera',
      payload: { fields: [1] },
      error: 'fields: [1] is an array; allowed: an object of field values',
    },
    {
      name: 'a negative ts',
      type: 'env_sensor',
      payload: { ts: -5, fields: {} },
      error: 'ts: -5 is not valid; allowed: number >= 0 (ms since epoch)',
    },
    {
      name: 'a fractional seq',
      type: 'env_sensor',
      payload: { seq: 1.5, fields: {} },
      error: 'seq: 1.5 is not valid; allowed: integer >= 0 (per-device counter)',
    },
    {
      name: 'sent given as text',
      type: 'env_sensor',
      payload: { sent: 'now', fields: {} },
      error: 'sent: "now" is not valid; allowed: number >= 0 (ms since epoch)',
    },
    {
      name: 'a payload that is not JSON',
      type: 'env_sensor',
      payload: 'temperature=21',
      error: /^payload is not valid JSON .*"temperature=21"; send a JSON object$/,
    },
    {
      name: 'a JSON array',
      type: 'env_sensor',
      payload: '[1,2]',
      error: /^telemetry is an array; send a JSON object/,
    },
    {
      name: 'an unknown device type',
      type: 'toaster' as DeviceType,
      payload: {},
      error:
        'device type "toaster" is unknown; allowed: smart_breaker | env_sensor | camera | gateway (or load a device-type file that defines it)',
    },
  ];
  it.each(problems)(
    'rejects $name, naming the field, the value and what is allowed',
    ({ type, payload, error }) => {
      const errors = errorsOf(type, payload);
      if (typeof error === 'string') expect(errors).toContain(error);
      else expect(errors.some((e) => error.test(e))).toBe(true);
    },
  );

  it('reports every problem of a message, not only the first', () => {
    const errors = errorsOf('env_sensor', { fields: { temperature: 200, humidity: -1, motion: 'yes' } });
    expect(errors).toHaveLength(3);
  });

  it('caps the list of problems for garbage payloads', () => {
    const garbage = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`junk${i}`, i]));
    expect(errorsOf('camera', garbage)).toHaveLength(21);
  });

  it('accepts unknown fields with primitive values when allowUnknownFields is set', () => {
    const result = parseTelemetry(
      'camera',
      { fields: { fps: 30, vendor_metric: 4, note: 'x' }, extra: 1 },
      { allowUnknownFields: true },
    );
    expect(result).toEqual({ ok: true, value: { fields: { fps: 30, vendor_metric: 4, note: 'x' } } });
    expect(errorsOf('camera', { vendor: { nested: 1 } }, true)).toEqual([
      'vendor: {"nested":1} is an object; allowed: number, boolean or string',
    ]);
  });

  it('still checks known fields when allowUnknownFields is set', () => {
    expect(errorsOf('camera', { fps: 999, vendor_metric: 4 }, true)).toEqual([
      'fps: 999 is out of range; allowed: number 0..240 fps',
    ]);
  });
});
