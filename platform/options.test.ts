import { describe, expect, it } from 'vitest';
import { PlatformError } from './errors.ts';
import { parsePlatformConfig, PLATFORM_DEFAULTS, resolveOptions } from './options.ts';

const minimal = {
  mqtt: { url: 'mqtt://127.0.0.1:1883' },
  influx: { url: 'http://127.0.0.1:8086', db: 'twinbench' },
};

function refused(input: unknown): PlatformError {
  try {
    parsePlatformConfig(input);
  } catch (err) {
    return err as PlatformError;
  }
  throw new Error('expected the config to be refused');
}

describe('parsePlatformConfig', () => {
  it('accepts the minimal config: a broker and a database', () => {
    expect(parsePlatformConfig(minimal)).toEqual(minimal);
  });

  it('accepts every documented field', () => {
    const full = {
      mqtt: { url: 'mqtt://b:1883', username: 'u', password: 'p', clientId: 'platform-1' },
      influx: { url: 'http://i:8086', db: 'tb', auth: { username: 'admin', password: 'pw' } },
      http: { host: '0.0.0.0', port: 8080 },
      registration: 'reject',
      profiles: [
        'twinbench',
        'iot-node',
        { name: 'legacy-cams', telemetry: 'cams/{id}/stats', command: 'cams/{id}/cmd', deviceType: 'camera' },
      ],
      heartbeatTimeoutMs: 5_000,
      maxPayloadBytes: 4_096,
      maxJsonDepth: 10,
      maxDevices: 500,
      commandTimeoutMs: 2_000,
      history: { maxBatchLines: 1_000, flushIntervalMs: 50, highWaterLines: 10_000 },
      streamFlushIntervalMs: 20,
      rejectLogIntervalMs: 0,
      restore: false,
      logLevel: 'debug',
    };
    expect(parsePlatformConfig(full)).toEqual(full);
  });

  it('has defaults that pass its own schema', () => {
    const { host, port, registration, profiles, heartbeatTimeoutMs, maxPayloadBytes } = PLATFORM_DEFAULTS;
    expect(() =>
      parsePlatformConfig({
        ...minimal,
        http: { host, port },
        registration,
        profiles: [...profiles],
        heartbeatTimeoutMs,
        maxPayloadBytes,
      }),
    ).not.toThrow();
  });

  it.each([
    ['missing sections', {}, '/: must have required properties mqtt, influx'],
    ['a URL that is not a string', { ...minimal, mqtt: { url: 1883 } }, '/mqtt/url: must be string'],
    ['a missing database', { ...minimal, influx: { url: 'http://i:8086' } }, '/influx: must have required'],
    ['a port out of range', { ...minimal, http: { port: 70_000 } }, '/http/port: must be <= 65535'],
    ['an unknown policy', { ...minimal, registration: 'maybe' }, '/registration:'],
    ['a heartbeat too short', { ...minimal, heartbeatTimeoutMs: 10 }, '/heartbeatTimeoutMs: must be >= 100'],
    ['a device cap of 0', { ...minimal, maxDevices: 0 }, '/maxDevices: must be >= 1'],
    ['an unbounded JSON depth', { ...minimal, maxJsonDepth: 1e6 }, '/maxJsonDepth: must be <= 1000'],
    ['a fractional batch size', { ...minimal, history: { maxBatchLines: 1.5 } }, '/history/maxBatchLines:'],
    [
      'a profile without its patterns',
      { ...minimal, profiles: [{ name: 'x' }] },
      '/profiles/0: must have required properties telemetry, command',
    ],
  ])('refuses %s with BAD_CONFIG naming the field', (_what, input, expected) => {
    const err = refused(input);
    expect(err).toBeInstanceOf(PlatformError);
    expect(err.code).toBe('TB_ERR_PLATFORM_BAD_CONFIG');
    expect(err.message).toMatch(/^Invalid platform config: /);
    expect(err.message).toContain(expected);
    expect(err.message).toMatch(/See docs\/platform\.md for the fields\.$/);
  });

  it('refuses something that is not an object at all', () => {
    expect(refused('mqtt://x').message).toMatch(/^Invalid platform config: \/: must be object/);
    expect(refused(null).code).toBe('TB_ERR_PLATFORM_BAD_CONFIG');
  });
});

describe('resolveOptions', () => {
  it('applies every default once, from PLATFORM_DEFAULTS', () => {
    const r = resolveOptions(minimal);
    const d = PLATFORM_DEFAULTS;
    expect(r).toMatchObject({
      host: d.host,
      port: d.port,
      registration: d.registration,
      profiles: [...d.profiles],
      heartbeatTimeoutMs: d.heartbeatTimeoutMs,
      maxPayloadBytes: d.maxPayloadBytes,
      maxJsonDepth: 32,
      maxDevices: 100_000,
      commandTimeoutMs: d.commandTimeoutMs,
      history: {
        maxBatchLines: d.maxBatchLines,
        flushIntervalMs: d.flushIntervalMs,
        highWaterLines: d.highWaterLines,
      },
      streamFlushIntervalMs: d.streamFlushIntervalMs,
      rejectLogIntervalMs: d.rejectLogIntervalMs,
      restore: d.restore,
      logLevel: d.logLevel,
      now: Date.now,
    });
  });

  it('names the MQTT session after the database, so a restarted platform resumes it', () => {
    expect(resolveOptions(minimal).mqtt.clientId).toBe('twinbench-platform-twinbench');
    expect(resolveOptions({ ...minimal, influx: { url: 'http://i', db: 'a b/c' } }).mqtt.clientId).toBe(
      'twinbench-platform-a_b_c',
    );
    expect(resolveOptions({ ...minimal, mqtt: { url: 'mqtt://x', clientId: 'mine' } }).mqtt.clientId).toBe(
      'mine',
    );
  });

  it('keeps what was given over the defaults', () => {
    const now = () => 42;
    const r = resolveOptions({ ...minimal, http: { port: 8080 }, history: { flushIntervalMs: 5 }, now });
    expect(r.port).toBe(8080);
    expect(r.history).toEqual({ maxBatchLines: 5_000, flushIntervalMs: 5, highWaterLines: 50_000 });
    expect(r.now).toBe(now);
  });
});
