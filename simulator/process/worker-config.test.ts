import { describe, expect, it } from 'vitest';
import { SimulatorError } from '../errors.ts';
import { workerConfigFromEnv } from './worker-config.ts';

const base = { TWINBENCH_MQTT_URL: 'mqtt://127.0.0.1:1883', TWINBENCH_FLEET_FILE: '/fleet.yaml' };

describe('simulator worker config from the environment', () => {
  it('reads the broker, the fleet and the reproducibility knobs', () => {
    const c = workerConfigFromEnv({
      ...base,
      TWINBENCH_SEED: '42',
      TWINBENCH_START: '2026-01-01T00:00:00Z',
      TWINBENCH_SPEED: '0',
      TWINBENCH_MQTT_USERNAME: 'sim',
      TWINBENCH_MQTT_PASSWORD: 'pw',
    });
    expect(c).toMatchObject({
      mqttUrl: 'mqtt://127.0.0.1:1883',
      fleet: { file: '/fleet.yaml' },
      seed: 42,
      startMs: Date.UTC(2026, 0, 1),
      speed: 0,
      username: 'sim',
      password: 'pw',
      httpPort: 8090,
      httpHost: '127.0.0.1',
    });
    expect(workerConfigFromEnv({ ...base, TWINBENCH_START: '1767225600000' }).startMs).toBe(1767225600000);
    expect(
      workerConfigFromEnv({ TWINBENCH_MQTT_URL: base.TWINBENCH_MQTT_URL, TWINBENCH_FLEET: '{}' }).fleet,
    ).toEqual({
      json: '{}',
    });
  });

  it('reads this process share of a fleet split over machines, and its source addresses', () => {
    const c = workerConfigFromEnv({
      ...base,
      TWINBENCH_WORKER_INDEX: '1',
      TWINBENCH_WORKER_COUNT: '3',
      TWINBENCH_LOCAL_ADDRESSES: '127.0.0.2, 127.0.0.3',
    });
    expect(c.share).toEqual({ index: 1, count: 3 });
    expect(c.localAddresses).toEqual(['127.0.0.2', '127.0.0.3']);
    expect(workerConfigFromEnv(base).share).toBeUndefined();
  });

  it.each([
    [{ TWINBENCH_FLEET_FILE: '/f' }, /TWINBENCH_MQTT_URL is not set/],
    [{ ...base, TWINBENCH_MQTT_URL: 'http://x' }, /not an mqtt:\/\/ URL/],
    [{ TWINBENCH_MQTT_URL: base.TWINBENCH_MQTT_URL }, /no fleet/],
    [{ ...base, TWINBENCH_SEED: '1.5' }, /TWINBENCH_SEED="1.5" is not valid/],
    [{ ...base, TWINBENCH_SPEED: '-1' }, /TWINBENCH_SPEED="-1" is not valid/],
    [{ ...base, TWINBENCH_START: 'yesterday' }, /neither ms since the epoch nor an ISO 8601 time/],
    [
      { ...base, TWINBENCH_WORKER_INDEX: '1' },
      /TWINBENCH_WORKER_INDEX and TWINBENCH_WORKER_COUNT go together/,
    ],
    [
      { ...base, TWINBENCH_WORKER_INDEX: '2', TWINBENCH_WORKER_COUNT: '2' },
      /worker index 2 is not one of 0…1/,
    ],
    [{ ...base, TWINBENCH_SIM_HTTP_PORT: '70000' }, /TWINBENCH_SIM_HTTP_PORT="70000" is not valid/],
  ])('refuses %o with a message that says what to set', (env, message) => {
    expect(() => workerConfigFromEnv(env)).toThrow(SimulatorError);
    expect(() => workerConfigFromEnv(env)).toThrow(message);
  });
});
