// The platform bench's command round trip: REST POST → device → response → `succeeded` on the stream.
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { CommandDeviceMessage, CommandDeviceWorkerData } from './command-device-worker.ts';
import { keepAlivePoster } from './http-post.ts';
import { bearer, influxWrites, log, processCpuMs, sleep, untilIdle, waitFor } from './platform-probes.ts';
import type { PlatformBenchOptions } from './platform-bench.ts';
import { fmt, Samples } from './stats.ts';

export interface CommandResult {
  rate: number;
  sent: number;
  succeeded: number;
  refused: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Commands at `commandRate`/s for `commandSeconds`: REST POST → the platform publishes → a device
 * (an MQTT.js client that answers at once) → its response → `succeeded` on the stream, timed from
 * the POST.
 */
export async function commandPhase(
  url: string,
  apiUrl: string,
  wsUrl: string,
  o: PlatformBenchOptions,
  token: string | undefined,
  platformPid: number,
): Promise<CommandResult> {
  // Timed on a platform at rest: the backlog of an earlier phase (a saturation step not held) is
  // ingested and written first, or the round trip would time that backlog instead.
  const waitedMs = await untilIdle(apiUrl, token);
  if (waitedMs > 1_000) log(`commands: waited ${fmt(waitedMs / 1000, 1)} s for the platform to catch up`);
  const n = 20;
  const ids = Array.from({ length: n }, (_, i) => `bench-cmd-${String(i).padStart(2, '0')}`);
  // The devices answer from a worker thread (bench/command-device-worker.ts), so their answers do not
  // wait for this event loop (HTTP client, stream observer); they say when each command reached them,
  // for where the time goes: POST → the device, and the device → succeeded on the stream.
  const reachedAt = new Map<string, number>();
  const deviceData: CommandDeviceWorkerData = { url, ids };
  const deviceWorker = new Worker(fileURLToPath(new URL('./command-device-worker.ts', import.meta.url)), {
    workerData: deviceData,
  });
  await new Promise<void>((resolve, reject) => {
    deviceWorker.on('message', (m: CommandDeviceMessage) => {
      if (m.kind === 'ready') resolve();
      else for (const [id, at] of m.at) reachedAt.set(id, at - performance.timeOrigin);
    });
    deviceWorker.once('error', reject);
  });
  await waitFor(
    async () => (await fetch(`${apiUrl}/devices/${ids.at(-1)}`, { headers: bearer(token) })).status === 200,
    10_000,
  );
  const ws = new WebSocket(`${wsUrl}/stream?kinds=command`, { headers: bearer(token) });
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', reject, { once: true });
  });
  const postedAt = new Map<string, number>();
  const succeededAt = new Map<string, number>();
  const latencies = new Samples();
  const answered = new Samples();
  let succeeded = 0;
  ws.addEventListener('message', (e) => {
    const now = performance.now();
    for (const c of JSON.parse(String(e.data)) as { command?: { id: string; status: string } }[]) {
      if (c.command?.status !== 'succeeded') continue;
      const at = postedAt.get(c.command.id);
      if (at === undefined) continue;
      latencies.add(now - at);
      succeededAt.set(c.command.id, now);
      succeeded++;
    }
  });
  // Sends `total` commands at the phase's rate; only `measured` ones are timed.
  let refused = 0;
  const http = keepAlivePoster();
  const drive = async (prefix: string, total: number, measured: boolean): Promise<void> => {
    const requests: Promise<unknown>[] = [];
    const start = performance.now();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) * o.commandRate) / 1000)) - sent;
      for (let k = 0; k < due; k++) {
        const id = `${prefix}${sent}`;
        const device = ids[sent % n] as string;
        sent++;
        const at = performance.now();
        if (measured) postedAt.set(id, at);
        requests.push(
          http
            .post(`${apiUrl}/devices/${device}/commands`, JSON.stringify({ id, name: 'open' }), bearer(token))
            .then((status) => {
              if (!measured) return;
              answered.add(performance.now() - at);
              if (status !== 202) refused++;
            }),
        );
      }
      await sleep(5);
    }
    await Promise.all(requests);
  };
  // Warm-up (not timed): opens the HTTP client's connections and compiles both ends' command paths,
  // which otherwise put the first commands' 20–40 ms into the p99.
  await drive('bench-warm-', o.commandRate, false);
  await sleep(500);
  log(`commands: ${o.commandRate}/s for ${o.commandSeconds} s (REST → device → response → succeeded)`);
  // The bench's own stalls (its devices, HTTP client and stream observer share one event loop).
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const writesBefore = await influxWrites(apiUrl, token);
  const cpuBefore = process.cpuUsage();
  const platformCpuBefore = processCpuMs(platformPid);
  const total = o.commandRate * o.commandSeconds;
  await drive('bench-cmd-', total, true);
  const sent = total;
  http.close();
  await waitFor(async () => succeeded + refused >= total, 10_000).catch(() => undefined);
  ws.close();
  deviceWorker.postMessage('stop');
  await new Promise((resolve) => deviceWorker.once('exit', resolve));
  const out = new Samples();
  const back = new Samples();
  for (const [id, done] of succeededAt) {
    const reached = reachedAt.get(id);
    const posted = postedAt.get(id);
    if (reached === undefined || posted === undefined) continue;
    out.add(reached - posted);
    back.add(done - reached);
  }
  const [p50, p99, max] = latencies.percentiles([50, 99, 100]);
  delay.disable();
  const cpu = process.cpuUsage(cpuBefore);
  const platformCpuMs = processCpuMs(platformPid) - platformCpuBefore;
  const writes = (await influxWrites(apiUrl, token)) - writesBefore;
  const parts = (s: Samples) => s.percentiles([50, 99, 100]).map((v) => fmt(v ?? Number.NaN, 1));
  log(
    `  p50/p99/max ms: POST → device ${parts(out).join('/')}, device → succeeded ${parts(back).join('/')}, ` +
      `POST → 202 answered ${parts(answered).join('/')}; the bench's event loop delay p99 ` +
      `${fmt(delay.percentile(99) / 1e6, 1)} ms, max ${fmt(delay.max / 1e6, 1)} ms, its CPU ` +
      `${fmt((cpu.user + cpu.system) / 1000 / Math.max(1, sent), 2)} ms a command, the platform's ` +
      `${fmt(platformCpuMs / Math.max(1, sent), 2)} ms and ${fmt(writes / Math.max(1, sent), 2)} InfluxDB writes`,
  );
  return {
    rate: o.commandRate,
    sent,
    succeeded,
    refused,
    p50: p50 as number,
    p99: p99 as number,
    max: max as number,
  };
}

export function commandLine(commands: CommandResult): string {
  return (
    `commands at ${commands.rate}/s: ${fmt(commands.succeeded)} of ${fmt(commands.sent)} succeeded` +
    `${commands.refused ? `, ${fmt(commands.refused)} refused` : ''}; REST → succeeded p50 ${fmt(commands.p50, 1)} ms, ` +
    `p99 ${fmt(commands.p99, 1)} ms, max ${fmt(commands.max, 1)} ms (target p99 ≤ 20 ms)`
  );
}
