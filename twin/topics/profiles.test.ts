import { describe, expect, it } from 'vitest';
import { TWIN_ERROR_CODES as E, TwinError } from '../errors.ts';
import { BUILTIN_PROFILE_NAMES, BUILTIN_PROFILES, builtinProfile } from './builtin-profiles.ts';
import { topicMatchesFilter } from './mqtt-filter.ts';
import { compileProfile, type InboundKind, type TopicProfileSpec } from './profiles.ts';

const ALL_INBOUND: InboundKind[] = ['telemetry', 'events', 'status', 'commandResponse', 'heartbeat'];

// One contract suite, run against every builtin profile.
describe.each(BUILTIN_PROFILE_NAMES)('builtin topic profile %s', (name) => {
  const profile = builtinProfile(name);
  const INBOUND = ALL_INBOUND.filter((kind) => BUILTIN_PROFILES[name][kind] !== undefined);
  const usesMac = BUILTIN_PROFILES[name].telemetry.includes('{mac}');
  const ids = usesMac
    ? ['aa:bb:cc:dd:ee:ff', '00:11:22:33:44:55']
    : ['breaker-01', 'aa:bb:cc:dd:ee:ff', 'x.y_z'];

  it.each(INBOUND.flatMap((kind) => ids.map((id) => [kind, id] as const)))(
    'round-trips %s of %s through topicFor and match',
    (kind, id) => {
      const topic = profile.topicFor(kind, id);
      expect(profile.match(topic)).toEqual({ kind, deviceId: id });
    },
  );

  it('subscribes to every inbound topic and never to the command topic', () => {
    const filters = profile.subscriptions();
    expect(filters).toHaveLength(INBOUND.length);
    for (const kind of INBOUND) {
      expect(filters.some((f) => topicMatchesFilter(profile.topicFor(kind, ids[0]!), f))).toBe(true);
    }
    expect(filters.some((f) => topicMatchesFilter(profile.topicFor('command', ids[0]!), f))).toBe(false);
  });

  it('does not match its own command topic, foreign topics or bad device ids', () => {
    expect(profile.match(profile.topicFor('command', ids[0]!))).toBeUndefined();
    expect(profile.match('something/else/entirely')).toBeUndefined();
    const telemetry = BUILTIN_PROFILES[name].telemetry;
    expect(profile.match(telemetry.replace(/\{(id|mac)\}/, 'bad id'))).toBeUndefined();
    expect(profile.match(telemetry.replace(/\{(id|mac)\}/, 'a/b'))).toBeUndefined();
    expect(profile.match(telemetry.replace(/\{(id|mac)\}/, ''))).toBeUndefined();
  });

  it('refuses to build a topic for an invalid device id', () => {
    expect(() => profile.topicFor('command', 'not valid')).toThrow(
      expect.objectContaining({ code: E.TOPIC_BAD_DEVICE_ID }),
    );
  });
});

describe('builtin profiles', () => {
  it('uses the documented topics', () => {
    const tb = builtinProfile('twinbench');
    expect(tb.topicFor('telemetry', 'd1')).toBe('tb/v1/d1/telemetry');
    expect(tb.topicFor('commandResponse', 'd1')).toBe('tb/v1/d1/commands/response');
    expect(builtinProfile('iot-node').topicFor('command', 'n1')).toBe('iot/node/n1/command');
    expect(builtinProfile('devices-mac').topicFor('commandResponse', 'AA:BB:CC:DD:EE:FF')).toBe(
      'devices/aa:bb:cc:dd:ee:ff/commands/ack',
    );
  });

  it('tells the command response apart from the command on the same prefix', () => {
    expect(builtinProfile('twinbench').match('tb/v1/d1/commands/response')).toEqual({
      kind: 'commandResponse',
      deviceId: 'd1',
    });
    expect(builtinProfile('twinbench').match('tb/v1/d1/commands')).toBeUndefined();
  });

  it('normalises MACs written any common way in devices-mac topics', () => {
    const profile = builtinProfile('devices-mac');
    for (const raw of ['AABBCCDDEEFF', 'AA-BB-CC-DD-EE-FF', 'aa:bb:cc:dd:ee:ff']) {
      expect(profile.match(`devices/${raw}/data`)).toEqual({
        kind: 'telemetry',
        deviceId: 'aa:bb:cc:dd:ee:ff',
      });
    }
    expect(profile.match('devices/sensor-1/data')).toBeUndefined();
  });
});

describe('compileProfile', () => {
  const base: TopicProfileSpec = { name: 'custom', telemetry: 'site/{id}/up', command: 'site/{id}/down' };

  it('writes MACs in the configured format', () => {
    const profile = compileProfile({
      name: 'm',
      telemetry: 'm/{mac}/t',
      command: 'm/{mac}/c',
      macFormat: { separator: '', case: 'upper' },
    });
    expect(profile.topicFor('command', 'aa:bb:cc:dd:ee:ff')).toBe('m/AABBCCDDEEFF/c');
    expect(profile.match('m/AABBCCDDEEFF/t')).toEqual({ kind: 'telemetry', deviceId: 'aa:bb:cc:dd:ee:ff' });
  });

  it('accepts a placeholder in the first or last level', () => {
    const first = compileProfile({ name: 'first', telemetry: '{id}/telemetry', command: '{id}/cmd' });
    expect(first.match('dev1/telemetry')).toEqual({ kind: 'telemetry', deviceId: 'dev1' });
    expect(first.subscriptions()).toEqual(['+/telemetry']);
    const last = compileProfile({ name: 'last', telemetry: 'up/{id}', command: 'down/{id}' });
    expect(last.match('up/dev1')).toEqual({ kind: 'telemetry', deviceId: 'dev1' });
    expect(last.topicFor('command', 'dev1')).toBe('down/dev1');
  });

  it('keeps the device type of a profile whose topics do not announce it', () => {
    expect(compileProfile({ ...base, deviceType: 'env_sensor' }).spec.deviceType).toBe('env_sensor');
  });

  it('throws for a kind the profile does not define', () => {
    expect(() => compileProfile(base).topicFor('events', 'd1')).toThrow(
      expect.objectContaining({ code: E.TOPIC_NO_PATTERN }),
    );
    expect(compileProfile(base).match('site/d1/events')).toBeUndefined();
  });

  const invalid: { name: string; spec: TopicProfileSpec; message: RegExp }[] = [
    {
      name: 'no placeholder',
      spec: { ...base, telemetry: 'site/up' },
      message: /telemetry pattern "site\/up" needs one placeholder/,
    },
    {
      name: 'two placeholders',
      spec: { ...base, telemetry: '{id}/x/{id}' },
      message: /more than one placeholder/,
    },
    {
      name: 'a placeholder inside a level',
      spec: { ...base, telemetry: 'site/dev-{id}/up' },
      message: /may not contain \+ # \{ \}/,
    },
    {
      name: 'a wildcard',
      spec: { ...base, events: 'site/+/{id}' },
      message: /events pattern "site\/\+\/\{id\}" has level "\+"/,
    },
    { name: 'an empty level', spec: { ...base, status: 'site//{id}' }, message: /has an empty level/ },
    {
      name: 'mixed placeholders',
      spec: { ...base, status: 'site/{mac}/status' },
      message: /status uses \{mac\} but other patterns use \{id\}/,
    },
    {
      name: 'overlapping patterns',
      spec: { ...base, events: 'site/{id}/down' },
      message:
        /events pattern "site\/\{id\}\/down" and command pattern "site\/\{id\}\/down" can match the same topic/,
    },
    {
      name: 'patterns overlapping across placeholder positions',
      spec: { name: 'x', telemetry: '{id}/telemetry', command: 'cmd/{id}' },
      message: /"\{id\}\/telemetry" and command pattern "cmd\/\{id\}" can match the same topic/,
    },
    {
      name: 'patterns overlapping through the placeholder',
      spec: { ...base, telemetry: 'site/{id}/x', status: 'site/status/{id}' },
      message: /telemetry pattern .* and status pattern .* can match the same topic/,
    },
    {
      name: 'a missing command pattern',
      spec: { name: 'x', telemetry: 'a/{id}' } as TopicProfileSpec,
      message: /command pattern is required/,
    },
    { name: 'an empty name', spec: { ...base, name: '' }, message: /name must be a non-empty string/ },
  ];
  it.each(invalid)('rejects a profile with $name', ({ spec, message }) => {
    const attempt = () => compileProfile(spec);
    expect(attempt).toThrow(TwinError);
    expect(attempt).toThrow(message);
  });
});
