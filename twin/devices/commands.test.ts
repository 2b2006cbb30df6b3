import { describe, expect, it } from 'vitest';
import { DEVICE_TYPES, type DeviceType } from './device-type.ts';
import { sampleFields } from './samples.test-helper.ts';
import { DEVICE_SPECS } from './specs.ts';
import { parseCommandRequest, validateDesired } from './validate.ts';

describe('validateDesired', () => {
  it.each(DEVICE_TYPES)('accepts every desired property of %s', (type) => {
    const desired = sampleFields(DEVICE_SPECS[type].desired);
    expect(validateDesired(type, desired)).toEqual({ ok: true, value: desired });
  });

  it('accepts null as a deletion of a property', () => {
    expect(validateDesired('smart_breaker', { closed: null, interval_s: 5 }).ok).toBe(true);
  });

  const problems: { name: string; type: DeviceType; patch: unknown; error: string | RegExp }[] = [
    {
      name: 'an interval below the minimum',
      type: 'smart_breaker',
      patch: { interval_s: 0.05 },
      error: 'desired.interval_s: 0.05 is out of range; allowed: number 0.1..3600 s',
    },
    {
      name: 'a boolean given as text',
      type: 'env_sensor',
      patch: { deep_sleep: 'true' },
      error: 'desired.deep_sleep: "true" is a string; allowed: boolean',
    },
    {
      name: 'a resolution not in the list',
      type: 'camera',
      patch: { resolution: '800x600' },
      error: /^desired\.resolution: "800x600" is not an allowed value; allowed: 640x480 \| 1280x720/,
    },
    {
      name: 'a property the type does not have',
      type: 'camera',
      patch: { closed: true },
      error: /^desired\.closed: true is given but "closed" is not a desired field of a camera/,
    },
    {
      name: 'a patch that is not an object',
      type: 'camera',
      patch: 'on',
      error: 'desired: "on" is a string; allowed: an object of desired properties',
    },
  ];
  it.each(problems)('rejects $name', ({ type, patch, error }) => {
    const result = validateDesired(type, patch);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      if (typeof error === 'string') expect(result.errors).toContain(error);
      else expect(result.errors.some((e) => error.test(e))).toBe(true);
    }
  });

  it('passes unknown primitive properties through when allowed', () => {
    expect(validateDesired('camera', { vendor_mode: 'night' }, { allowUnknownFields: true }).ok).toBe(true);
  });
});

describe('parseCommandRequest', () => {
  const commands = DEVICE_TYPES.flatMap((type) =>
    Object.entries(DEVICE_SPECS[type].commands).map(
      ([name, spec]) => [type, name, sampleFields(spec.params)] as const,
    ),
  );
  it.each(commands)('accepts %s command %s with its parameters', (type, name, params) => {
    expect(parseCommandRequest(type, name, params)).toEqual({ ok: true, value: { name, params } });
  });

  it('treats missing parameters as none', () => {
    expect(parseCommandRequest('smart_breaker', 'reset')).toEqual({
      ok: true,
      value: { name: 'reset', params: {} },
    });
    expect(parseCommandRequest('env_sensor', 'identify', null)).toEqual({
      ok: true,
      value: { name: 'identify', params: {} },
    });
  });

  const problems: { name: string; type: DeviceType; command: unknown; params?: unknown; error: string }[] = [
    {
      name: 'a command of another type',
      type: 'camera',
      command: 'open',
      error: 'name: "open" is not a camera command; allowed: snapshot | reboot',
    },
    {
      name: 'a misspelt command',
      type: 'smart_breaker',
      command: 'rest',
      error:
        'name: "rest" is not a smart_breaker command (did you mean "reset"?); allowed: open | close | reset',
    },
    {
      name: 'a name that is not a string',
      type: 'camera',
      command: 3,
      error: 'name: 3 is not a camera command; allowed: snapshot | reboot',
    },
    {
      name: 'a parameter out of range',
      type: 'env_sensor',
      command: 'identify',
      params: { duration_s: 601 },
      error: 'params.duration_s: 601 is out of range; allowed: number 1..600 s',
    },
    {
      name: 'an unknown parameter',
      type: 'env_sensor',
      command: 'identify',
      params: { seconds: 5 },
      error:
        'params.seconds: 5 is given but "seconds" is not a parameter of this command; allowed: duration_s',
    },
    {
      name: 'a parameter to a command without any',
      type: 'camera',
      command: 'reboot',
      params: { force: true },
      error:
        'params.force: true is given but "force" is not a parameter of this command; allowed: no parameters',
    },
    {
      name: 'params that are not an object',
      type: 'env_sensor',
      command: 'identify',
      params: [5],
      error: 'params: [5] is an array; allowed: an object of parameters',
    },
  ];
  it.each(problems)('rejects $name', ({ type, command, params, error }) => {
    expect(parseCommandRequest(type, command, params)).toEqual({ ok: false, errors: [error] });
  });
});
