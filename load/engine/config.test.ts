import { describe, expect, it } from 'vitest';
import { LOAD_ERROR_CODES } from '../errors.ts';
import { ENGINE_DEFAULTS, readSettings, workerTag } from './config.ts';

const env = { TWINBENCH_MQTT_URL: 'mqtt://127.0.0.1:1883' };

describe('engine settings', () => {
  it('take every default and the broker from the environment', () => {
    expect(readSettings(undefined, env)).toEqual({ ...ENGINE_DEFAULTS, mqttUrl: 'mqtt://127.0.0.1:1883' });
  });

  it('prefer the script over the environment, and read a duration timeout', () => {
    const s = readSettings(
      { mqttUrl: 'mqtt://b:1', deviceType: 'camera', timeout: '2s', idPrefix: 'ci' },
      { ...env, TWINBENCH_LOAD_PREFIX: 'run7' },
    );
    expect(s).toMatchObject({ mqttUrl: 'mqtt://b:1', deviceType: 'camera', timeoutMs: 2000, idPrefix: 'ci' });
    expect(readSettings({}, { ...env, TWINBENCH_LOAD_PREFIX: 'run7' }).idPrefix).toBe('run7');
  });

  it('say which key is wrong and what is allowed', () => {
    expect(() => readSettings({ deviceTyp: 'camera' }, env)).toThrow(
      /unknown key 'deviceTyp'; allowed: .*deviceType/,
    );
    expect(() => readSettings({ deviceType: 'toaster' }, env)).toThrow(
      /'toaster' is not a device type; use one of smart_breaker/,
    );
    expect(() => readSettings({ timeout: 'soon' }, env)).toThrow(/timeout "soon" is not a duration/);
    expect(() => readSettings({ commandFailureRate: 2 }, env)).toThrow(/commandFailureRate must be 0..1/);
    expect(() => readSettings({}, env)).not.toThrow();
  });

  it('take the device secret and the registration URL from the environment only, never the script', () => {
    const s = readSettings(
      {},
      { ...env, TWINBENCH_DEVICE_SECRET: 's3cret', TWINBENCH_LOAD_REGISTER: 'http://127.0.0.1:9/' },
    );
    expect(s).toMatchObject({ deviceSecret: 's3cret', registerUrl: 'http://127.0.0.1:9/' });
    expect(() => readSettings({ deviceSecret: 'x' }, env)).toThrow(/unknown key 'deviceSecret'/);
  });

  it('refuse to run without a broker, saying how to give one', () => {
    expect(() => readSettings({}, {})).toThrow(
      expect.objectContaining({
        code: LOAD_ERROR_CODES.NO_BROKER,
        message: expect.stringMatching(/TWINBENCH_MQTT_URL/),
      }),
    );
  });

  it('tag workers so two never share a device id', () => {
    expect(workerTag({ LOCAL_WORKER_ID: '3' })).toBe('t3');
    expect(workerTag({ LOCAL_WORKER_ID: '1', TWINBENCH_LOAD_WORKER: '2' })).toBe('p2t1');
    expect(workerTag({ LOCAL_WORKER_ID: '1', TWINBENCH_LOAD_WORKER: '1' })).not.toBe(
      workerTag({ LOCAL_WORKER_ID: '1', TWINBENCH_LOAD_WORKER: '2' }),
    );
  });
});
