import { describe, expect, it } from 'vitest';
import { DEVICE_SPECS } from '../../devices/specs.ts';
import { builtinProfile } from '../builtin-profiles.ts';
import { parseProfileText } from './profile-file.ts';
import { tryMessage } from './try-message.ts';

const acme = `name: acme
telemetry: acme/{id}/up
command: acme/{id}/down
deviceType: env_sensor
mapping:
  strict: true
  fields: { in: [measurements] }
  timestamp: { keys: [time], format: iso }
  keys: { node: deviceId, fw: ignore }
`;

describe('profile files', () => {
  it('reads a YAML profile with a mapping, and JSON too', () => {
    const { profile } = parseProfileText(acme, 'acme.yaml');
    expect(profile.mapping?.inbound.strict).toBe(true);
    const json = JSON.stringify({ name: 'j', telemetry: 'j/{id}/t', command: 'j/{id}/c', mapping: {} });
    expect(parseProfileText(json, 'j.json').profile.name).toBe('j');
  });

  it('places schema problems at file:line:col, naming the key', () => {
    const text = acme
      .replace('strict: true', 'strict: true\n  colour: red')
      .replace('format: iso', 'format: weird');
    expect(() => parseProfileText(text, 'acme.yaml')).toThrow(
      /acme\.yaml:7:3: mapping: "colour" is not a known key here[\s\S]*acme\.yaml:9:38: mapping\.timestamp\.format: must be one of "auto", "s", "ms", "iso"/,
    );
  });

  it('places YAML syntax errors and pattern problems', () => {
    expect(() => parseProfileText('name: [x\n', 'bad.yaml')).toThrow(/bad\.yaml:\d+:\d+: YAML:/);
    expect(() => parseProfileText('name: x\ntelemetry: a/b\ncommand: c/{id}\n', 'x.yaml')).toThrow(
      /x\.yaml:2:12: Invalid topic profile 'x': telemetry pattern "a\/b" needs one placeholder/,
    );
  });
});

describe('trying a message against a profile', () => {
  it('shows the fields, time, metadata and unknown keys a message becomes', () => {
    const trial = tryMessage(
      builtinProfile('iot-node'),
      'iot/node/esp32-01/telemetry',
      {
        device_id: 'esp32-01',
        timestamp: 1732950000,
        sensors: { temperature: { value: 21.4, unit: '°C' }, humidity: 45, co2: 400 },
        rssi: -61,
        free_heap: 182000,
        uptime: 3600,
      },
      { type: 'env_sensor' },
    );
    expect(trial).toEqual({
      ok: true,
      kind: 'telemetry',
      deviceId: 'esp32-01',
      type: 'env_sensor',
      ts: 1732950000000,
      fields: { temperature: 21.4, humidity: 45, rssi: -61, uptime_s: 3600 },
      metadata: { free_heap: 182000 },
      unknown: ['sensors.co2'],
    });
  });

  it("says why a message is rejected: the strict profile's unknown key, a range, a missing type", () => {
    const { profile } = parseProfileText(acme, 'acme.yaml');
    expect(tryMessage(profile, 'acme/n1/up', { measurements: { temperature: 20, co2: 1 } })).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^measurements\.co2: unknown key; this profile is strict/)],
    });
    expect(tryMessage(profile, 'acme/n1/up', { measurements: { humidity: 120 } })).toMatchObject({
      ok: false,
    });
    expect(tryMessage(builtinProfile('iot-node'), 'iot/node/n/telemetry', {})).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/--type/)],
    });
    expect(tryMessage(profile, 'other/topic', {})).toMatchObject({ ok: false });
    expect(Object.keys(DEVICE_SPECS)).toContain('env_sensor');
  });
});
