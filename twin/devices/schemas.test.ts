import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { DEVICE_TYPES } from './device-type.ts';
import { CommandRequestSchema, CommandResponseSchema, telemetryEnvelopeSchema } from './envelopes.ts';
import { sampleFields } from './samples.test-helper.ts';
import { COMMAND_PARAMS_SCHEMAS, DESIRED_SCHEMAS, TELEMETRY_FIELDS_SCHEMAS } from './schemas.ts';
import { DEVICE_SPECS } from './specs.ts';

describe('JSON Schemas generated from the specs', () => {
  it.each(DEVICE_TYPES)(
    'accept the same %s telemetry as parseTelemetry and reject what it rejects',
    (type) => {
      const fields = sampleFields(DEVICE_SPECS[type].telemetry);
      const check = Compile(telemetryEnvelopeSchema(type));
      expect(check.Check({ ts: 1, seq: 2, fields })).toBe(true);
      expect(Compile(TELEMETRY_FIELDS_SCHEMAS[type]).Check({ ...fields, unknown_field: 1 })).toBe(false);
      expect(check.Check({ fields: { uptime_s: -1 } })).toBe(false);
      expect(check.Check({ fields: { uptime_s: 1.5 } })).toBe(false);
    },
  );

  it.each(DEVICE_TYPES)('describe %s desired patches, null deleting a property', (type) => {
    const desired = sampleFields(DEVICE_SPECS[type].desired);
    const check = Compile(DESIRED_SCHEMAS[type]);
    expect(check.Check(desired)).toBe(true);
    expect(check.Check(Object.fromEntries(Object.keys(desired).map((k) => [k, null])))).toBe(true);
  });

  it('describe command parameters with their ranges and units', () => {
    const identify = COMMAND_PARAMS_SCHEMAS.env_sensor.identify!;
    expect(identify.properties.duration_s).toMatchObject({
      type: 'number',
      minimum: 1,
      maximum: 600,
      description: 'How long to blink (s)',
    });
    expect(Compile(identify).Check({ duration_s: 700 })).toBe(false);
    expect(Object.keys(COMMAND_PARAMS_SCHEMAS.smart_breaker)).toEqual(['open', 'close', 'reset']);
  });

  it('describe command requests and responses', () => {
    expect(Compile(CommandRequestSchema).Check({ name: 'identify', params: { duration_s: 5 } })).toBe(true);
    expect(Compile(CommandRequestSchema).Check({ params: {} })).toBe(false);
    expect(Compile(CommandResponseSchema).Check({ id: 'c', status: 'failed', error: 'x' })).toBe(true);
  });
});
