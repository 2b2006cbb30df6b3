// `twinbench simulate` is reproducible from the command line: the same seed and start time on a paused
// clock publish the same messages (apart from the wall-clock `sent`), against a broker alone.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStack, type StartedStack } from '../stack/index.ts';
import { runCli } from './test-support.ts';

const FLEET = `name: repro
groups:
  - type: smart_breaker
    count: 3
    publishIntervalMs: 60000
  - type: env_sensor
    count: 3
    publishIntervalMs: 60000
    options: { motionEventsPerHour: 30 }
`;

let stack: StartedStack;
let dir: string;

beforeAll(async () => {
  stack = await startStack({ mode: 'local' });
  dir = await mkdtemp(path.join(os.tmpdir(), 'tb-repro-'));
  await writeFile(path.join(dir, 'fleet.yaml'), FLEET);
});

afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

/**
 * One CLI run: every non-retained message it published, per topic in order (devices publish over
 * connections of their own, so only the order within a topic is defined), with `sent` blanked.
 */
async function record(seed: string): Promise<string[]> {
  const recorder = await mqtt.connectAsync(stack.mqttUrl, { clientId: `rec-${seed}-${Date.now()}` });
  const byTopic = new Map<string, string[]>();
  let fenced: () => void = () => undefined;
  const fence = new Promise<void>((resolve) => (fenced = resolve));
  recorder.on('message', (topic, payload, packet) => {
    if (topic === 'repro/fence') return fenced();
    if (packet.retain) return;
    const text = payload.toString().replace(/"sent":\d+/g, '"sent":0');
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), text]);
  });
  await recorder.subscribeAsync(['tb/v1/#', 'repro/fence'], { qos: 1 });
  const res = await runCli([
    'simulate',
    '--fleet',
    path.join(dir, 'fleet.yaml'),
    '--stack',
    'external',
    '--mqtt-url',
    stack.mqttUrl,
    '--no-platform',
    '--seed',
    seed,
    '--start',
    '2026-01-05T08:00:00Z',
    '--speed',
    '0',
    '--advance',
    '30m',
  ]);
  expect(res.code, res.stderr).toBe(0);
  expect(res.stderr).toContain('advanced virtual time by 30m to 2026-01-05T08:30:00.000Z');
  // The broker acknowledged the fleet's QoS 1 messages before the CLI exited, so it queued them to the
  // recorder before this fence: once the fence is back, the recording is complete.
  await recorder.publishAsync('repro/fence', 'x', { qos: 1 });
  await fence;
  await recorder.endAsync();
  return [...byTopic.keys()].sort().flatMap((t) => (byTopic.get(t) ?? []).map((m) => `${t} ${m}`));
}

it('two runs with the same seed and start publish identical streams; another seed differs', async () => {
  const first = await record('11');
  const second = await record('11');
  expect(first.filter((m) => m.includes('/telemetry')).length).toBeGreaterThanOrEqual(6 * 30);
  expect(second).toEqual(first);
  const other = await record('12');
  expect(other).not.toEqual(first);
});
