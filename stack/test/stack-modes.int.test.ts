// One contract suite, run against every stack mode this machine offers (containers and local).
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { engineAvailable, findBinary, startStack, type ResolvedMode } from '../index.ts';
import { containersOf, influxRoundTrip, mqttRoundTrip, pidAlive } from './stack-probe.ts';

const modes: { mode: ResolvedMode; available: () => Promise<boolean> }[] = [
  { mode: 'containers', available: () => engineAvailable() },
  { mode: 'local', available: async () => Boolean(findBinary('mosquitto') && findBinary('influxd')) },
];

for (const { mode, available } of modes) {
  describe(`stack in ${mode} mode`, async () => {
    // CI installs both; a developer machine without one still runs the other.
    const here = await available();
    it.runIf(here || process.env.CI)(
      'carries MQTT and InfluxDB traffic, then leaves nothing behind',
      async () => {
        const stack = await startStack({ mode });
        try {
          expect(stack.info.mode).toBe(mode);
          expect(stack.mqttUrl).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
          expect(await mqttRoundTrip(stack.info)).toBe('hello twin');
          const rows = await influxRoundTrip(stack.info);
          expect(rows.map((r) => r[1])).toEqual([21.5, 22.5]);
        } finally {
          await stack.stop();
        }
        if (mode === 'containers') expect(containersOf(stack.id)).toEqual([]);
        for (const s of stack.info.services)
          if (s.kind === 'process') expect(pidAlive(Number(s.id))).toBe(false);
      },
    );

    it.runIf(here || process.env.CI)(
      'restarts the broker on the same port, keeping what it held (persistence is the default)',
      async () => {
        await using stack = await startStack({ mode });
        const before = stack.mqttUrl;
        const retained = `kept-${Date.now()}`;
        const c = await mqtt.connectAsync(stack.mqttUrl, { reconnectPeriod: 0 });
        await c.publishAsync('persist/probe', retained, { qos: 1, retain: true });
        await c.endAsync();
        // Three restarts in a row: the wait after each must not depend on catching a log line.
        for (let i = 0; i < 3; i++) await stack.service('mosquitto').restart();
        expect(stack.mqttUrl).toBe(before);
        expect(await mqttRoundTrip(stack.info)).toBe('hello twin');
        const after = await mqtt.connectAsync(stack.mqttUrl, { reconnectPeriod: 0 });
        const got = new Promise<string>((resolve) => after.on('message', (_t, p) => resolve(p.toString())));
        await after.subscribeAsync('persist/probe', { qos: 1 });
        expect(await got).toBe(retained);
        await after.endAsync();
      },
    );
  });
}
