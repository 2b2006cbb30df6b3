// Same seed + same spec → same identities, values and events: two fleets run one after the other on a
// paused virtual clock, everything they publish is recorded, and the two recordings must agree.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type StartedStack } from '../../stack/index.ts';
import { startFleet, type Fleet, type FleetSpec } from '../index.ts';
import { eventually } from './platform.ts';

const START = Date.UTC(2025, 0, 6, 8, 0, 0);
const MIN = 60_000;

const spec: FleetSpec = {
  seed: 99,
  groups: [
    { type: 'smart_breaker', count: 3, options: { loadStepsPerHour: 12 } },
    { type: 'env_sensor', count: 3, options: { motionEventsPerHour: 20 } },
    { type: 'camera', count: 2, options: { motionEventsPerHour: 30, outagesPerDay: 24 } },
  ],
};

let stack: StartedStack;

/** One run: every message of the fleet, per topic, in order; `sent` (wall-clock send time) blanked. */
async function record(
  play: (fleet: Fleet) => Promise<void> = scripted,
  speed = 0,
): Promise<Map<string, string[]>> {
  const recorder = await mqtt.connectAsync(stack.mqttUrl, {
    clientId: `recorder-${Date.now()}`,
    reconnectPeriod: 0,
  });
  const byTopic = new Map<string, string[]>();
  let count = 0;
  recorder.on('message', (topic, payload, packet) => {
    if (packet.retain) return; // left over from the previous run
    const text = payload.toString().replace(/"sent":\d+/g, '"sent":0');
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), text]);
    count++;
  });
  await recorder.subscribeAsync(['tb/v1/#', '$aws/things/+/shadow/update'], { qos: 1 });
  const fleet = await startFleet(spec, { mqttUrl: stack.mqttUrl, clock: { speed }, startMs: START });
  await play(fleet);
  await fleet.stop();
  // Everything was acknowledged by the broker; wait until the recorder has heard it all.
  let last = -1;
  await eventually(
    () => {
      const settled = count === last;
      last = count;
      expect(settled).toBe(true);
    },
    10_000,
    300,
  );
  await recorder.endAsync(true);
  return byTopic;
}

/** The paused run's script: time advanced by hand, faults injected in between. */
async function scripted(fleet: Fleet): Promise<void> {
  await fleet.advance(20 * MIN);
  fleet.inject({ kind: 'overload', amps: 200 }, { ids: ['brk-0002'] });
  fleet.inject({ kind: 'motion' }, { type: 'camera' });
  fleet.inject({ kind: 'drop_publishes', rate: 0.3 }, { ids: ['env-0001'] });
  fleet.inject({ kind: 'malformed', rate: 0.5 }, { ids: ['env-0002'] });
  fleet.inject({ kind: 'drift', field: 'temperature', perHour: 2 }, { ids: ['env-0003'] });
  fleet.inject({ kind: 'clock_skew', ms: -90_000 }, { count: 2 });
  await fleet.advance(40 * MIN);
}

beforeAll(async () => {
  stack = await startStack({ mode: 'local' });
});

afterAll(async () => {
  await stack?.stop();
});

describe('determinism', () => {
  it('two fleets with the same seed and spec publish the same messages', async () => {
    const a = await record();
    const b = await record();
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [topic, messages] of a) expect(b.get(topic), topic).toEqual(messages);

    // … and what they published is worth comparing: values, events, a trip, broken payloads.
    const telemetry = a.get('tb/v1/env-0003/telemetry') ?? [];
    expect(telemetry.length).toBeGreaterThanOrEqual(60);
    const events = [...a.entries()].filter(([t]) => t.endsWith('/events')).flatMap(([, m]) => m);
    expect(events.some((e) => e.includes('"type":"trip"'))).toBe(true);
    expect(events.some((e) => e.includes('"boxes"'))).toBe(true);
    expect((a.get('tb/v1/env-0002/telemetry') ?? []).some((m) => !m.startsWith('{"ts"'))).toBe(true);
    const first = JSON.parse(telemetry[0] ?? '{}') as { ts: number; seq: number };
    expect(first).toMatchObject({ ts: START, seq: 1 });
  });
  it('a running clock with a given start publishes the same messages too (time waits for the fleet)', async () => {
    // 600 × real time for 3 s: half an hour of readings; the runs stop at slightly different virtual
    // times, so one topic's messages in the shorter run must be the start of the longer run's. The
    // goodbye on stopping carries the stop's virtual time: left out.
    const run = async () => {
      const byTopic = await record(() => new Promise((r) => setTimeout(r, 3_000)), 600);
      for (const [t, m] of byTopic)
        byTopic.set(
          t,
          m.filter((x) => !x.includes('"reason":"disconnected"')),
        );
      return byTopic;
    };
    const a = await run();
    const b = await run();
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [topic, ma] of a) {
      const mb = b.get(topic) ?? [];
      const n = Math.min(ma.length, mb.length);
      expect(mb.slice(0, n), topic).toEqual(ma.slice(0, n));
      if (topic.endsWith('/telemetry')) expect(n, topic).toBeGreaterThanOrEqual(5);
    }
    const first = JSON.parse(a.get('tb/v1/env-0001/telemetry')?.[0] ?? '{}') as { ts: number; seq: number };
    expect(first).toMatchObject({ ts: START, seq: 1 });
  });
});
