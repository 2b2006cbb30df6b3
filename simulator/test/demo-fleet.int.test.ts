// The bundled demo fleet runs: 50 devices and 2 gateways with 20 battery sensors behind them; its
// scheduled faults fire on the fleet clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type StartedStack } from '../../stack/index.ts';
import { DEMO_FLEET, startFleet } from '../index.ts';

let stack: StartedStack;

beforeAll(async () => {
  stack = await startStack({ mode: 'local' });
});

afterAll(async () => {
  await stack?.stop();
});

describe('DEMO_FLEET', () => {
  it('connects, publishes and misbehaves on schedule (15 virtual minutes)', async () => {
    const fleet = await startFleet(
      { ...DEMO_FLEET, rampUpPerSecond: 1000 },
      { mqttUrl: stack.mqttUrl, clock: { speed: 0 } },
    );
    try {
      expect(fleet.stats()).toMatchObject({ devices: 72, connected: 72, errors: 0 });
      await fleet.advance(15 * 60_000);
      const s = fleet.stats();
      expect(s.telemetry).toBeGreaterThan(1000);
      expect(s.events).toBeGreaterThan(0);
      expect(s.reconnects).toBeGreaterThanOrEqual(4); // the reconnect storm on a quarter of the offices
      expect(s.faultsActive).toBe(0); // the last one, an HVAC overload from 10 to 12 min, is over
      const hvac = fleet.select({ tag: 'group:hvac' });
      expect(
        hvac.some((d) => d.model.type === 'smart_breaker' && d.model.telemetry().breaker_state === 'tripped'),
      ).toBe(true);
    } finally {
      await fleet.stop();
    }
  });
});
