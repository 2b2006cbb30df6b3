// A fleet over two worker processes against a real Mosquitto (verbose, so its log says where each client
// connected from): every device connects once, from its worker's loopback address, and the fleet
// publishes exactly what one process publishes with the same seed and start; a killed worker fails the run.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentities } from '../fleet/identities.ts';
import type { FleetSpec } from '../fleet/spec.ts';
import { startFleet } from '../fleet/start-fleet.ts';
import { openFilesLimit, startWorkerFleet } from './pool.ts';
import { loopbackSource, takeShare } from './share.ts';

const SPEC: FleetSpec = {
  name: 'split',
  seed: 5,
  rampUpPerSecond: 500,
  groups: [
    { type: 'env_sensor', count: 50, publishIntervalMs: 60_000 },
    { type: 'smart_breaker', count: 50, publishIntervalMs: 60_000 },
  ],
};
const START = Date.UTC(2026, 0, 5, 8);

let mosquitto: ChildProcess;
let url: string;
let log = '';
let dir: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  // The recorder takes a burst of a few thousand QoS 1 messages: no queue limit (default 1,000 drops).
  dir = await mkdtemp(path.join(os.tmpdir(), 'tb-workers-'));
  const conf = path.join(dir, 'mosquitto.conf');
  await writeFile(
    conf,
    `listener ${port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 0\nlog_dest stderr\nlog_type all\n`,
  );
  mosquitto = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  mosquitto.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  url = `mqtt://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !log.includes('running'); i++) await new Promise((r) => setTimeout(r, 50));
});

afterAll(async () => {
  mosquitto?.kill();
  await rm(dir, { recursive: true, force: true });
});

/** Every non-retained message published while `run` runs, per topic in order, `sent` blanked. */
async function record(run: () => Promise<void>): Promise<string[]> {
  const recorder = await mqtt.connectAsync(url, { clientId: `rec-${Date.now()}` });
  const byTopic = new Map<string, string[]>();
  let fenced: () => void = () => undefined;
  const fence = new Promise<void>((resolve) => (fenced = resolve));
  recorder.on('message', (topic, payload, packet) => {
    if (topic === 'split/fence') return fenced();
    if (packet.retain) return;
    const text = payload.toString().replace(/"sent":\d+/g, '"sent":0');
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), text]);
  });
  await recorder.subscribeAsync(['tb/v1/#', 'split/fence'], { qos: 1 });
  await run();
  // The fleet's QoS 1 messages were acknowledged before stop() resolved: queued to us before the fence.
  await recorder.publishAsync('split/fence', 'x', { qos: 1 });
  await fence;
  await recorder.endAsync();
  return [...byTopic.keys()].sort().flatMap((t) => (byTopic.get(t) ?? []).map((m) => `${t} ${m}`));
}

describe('a fleet over two worker processes', () => {
  it('connects every device once from its worker address and publishes what one process does', async () => {
    const single = await record(async () => {
      const fleet = await startFleet(SPEC, { mqttUrl: url, clock: { speed: 0 }, startMs: START });
      await fleet.advance(30 * 60_000);
      await fleet.stop();
    });
    const logFrom = log.length;
    let progress = 0;
    const split = await record(async () => {
      const fleet = await startWorkerFleet(SPEC, {
        mqttUrl: url,
        workers: 2,
        speed: 0,
        startMs: START,
        progressIntervalMs: 200,
        onProgress: () => progress++,
      });
      expect(fleet.workers.map((w) => [w.devices, w.localAddress])).toEqual([
        [50, '127.0.0.2'],
        [50, '127.0.0.3'],
      ]);
      expect(fleet.stats()).toMatchObject({ devices: 100, connected: 100, errors: 0 });
      await fleet.advance(30 * 60_000);
      expect(fleet.now()).toBe(START + 30 * 60_000);
      await fleet.stop();
    });
    expect(progress).toBeGreaterThan(0);
    expect(single.filter((m) => m.includes('/telemetry')).length).toBeGreaterThanOrEqual(100 * 30);
    expect(split).toEqual(single);

    // Where each device connected from, as the broker saw it.
    const seen = new Map<string, string[]>();
    for (const m of log.slice(logFrom).matchAll(/New client connected from ([\d.]+):\d+ as (\S+)/g)) {
      const [, from, id] = m as unknown as [string, string, string];
      if (id.startsWith('rec-')) continue;
      seen.set(id, [...(seen.get(id) ?? []), from]);
    }
    const all = buildIdentities(SPEC);
    expect(seen.size).toBe(100);
    for (const w of [0, 1]) {
      for (const d of takeShare(all, { index: w, count: 2 })) {
        expect(seen.get(d.id), d.id).toEqual([loopbackSource(w)]);
      }
    }
  });

  it('fails the run naming the worker when one is killed', async () => {
    const fleet = await startWorkerFleet(
      { ...SPEC, groups: [{ type: 'env_sensor', count: 6 }] },
      { mqttUrl: url, workers: 2, speed: 0, startMs: START },
    );
    const victim = fleet.workers[1];
    process.kill(victim?.pid ?? -1, 'SIGKILL');
    await expect(fleet.failed).rejects.toThrow(
      new RegExp(`simulator worker 1 \\(share 1 of 2, pid ${victim?.pid}, 3 devices.*was killed by SIGKILL`),
    );
    await expect(fleet.advance(60_000)).rejects.toThrow(/simulator worker 1/);
    await fleet.stop();
  });

  it('backfills in every worker and adds up what they published', async () => {
    const fleet = await startWorkerFleet(
      { ...SPEC, groups: [{ type: 'env_sensor', count: 6, options: { motionEventsPerHour: 0 } }] },
      { mqttUrl: url, workers: 2, speed: 0, startMs: START },
    );
    try {
      const r = await fleet.backfill({ durationMs: 3_600_000, intervalMs: 300_000, events: false });
      expect(r).toEqual({ devices: 6, messages: 6 * 12, fromMs: START - 3_600_000, toMs: START });
    } finally {
      await fleet.stop();
    }
  });

  it('refuses a share with more connections than open files, counting gateways', async () => {
    const limit = openFilesLimit();
    if (!Number.isFinite(limit)) return;
    await expect(
      startWorkerFleet(
        { groups: [], gateways: [{ count: limit, children: { type: 'env_sensor', count: 1 } }] },
        { mqttUrl: url, workers: 1 },
      ),
    ).rejects.toThrow(new RegExp(`hold ${limit} connections .* use --workers 2 or more`));
  });

  it('routes a fault to the worker that holds the device, and refuses an unknown id', async () => {
    const fleet = await startWorkerFleet(
      {
        ...SPEC,
        groups: [{ type: 'env_sensor', count: 6 }],
        gateways: [{ count: 3, children: { type: 'env_sensor', count: 2, idPattern: 'child-{n}' } }],
      },
      { mqttUrl: url, workers: 2, speed: 0, startMs: START },
    );
    try {
      // Gateways and their children count where they run: 6 + 3 gateways + 6 children.
      expect(fleet.workers.map((w) => w.devices)).toEqual([5 + 2 * 2, 4 + 2]);
      expect(fleet.stats().devices).toBe(15);
      await expect(fleet.inject({ kind: 'drop_publishes', rate: 1 }, { ids: ['gw-0003'] })).resolves.toEqual({
        devices: 1,
      });
      await expect(fleet.inject({ kind: 'drop_publishes', rate: 1 }, { ids: ['env-0002'] })).resolves.toEqual(
        {
          devices: 1,
        },
      );
      await expect(fleet.inject({ kind: 'drop_publishes', rate: 1 }, { count: 3 })).resolves.toEqual({
        devices: 3,
      });
      await expect(fleet.inject({ kind: 'drop_publishes', rate: 1 }, { ids: ['env-0099'] })).rejects.toThrow(
        /no device env-0099 in the fleet/,
      );
      expect(fleet.stats().faultsActive).toBe(4);
    } finally {
      await fleet.stop();
    }
  });
});
