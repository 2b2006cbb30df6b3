// `npm run bench -- viewer`: the 3D viewer in headless Chromium (SwiftShader on this machine's CPU, so
// figures are a floor): frames per second with 1,000 and 5,000 devices, measured in the page with
// requestAnimationFrame while it renders every frame; and twin change → colour on screen latency at
// 1,000 devices: a breaker's telemetry published with `sent` = now, through broker, platform and stream,
// until the end of the first frame drawn with the new colour (same clock: all on this machine).
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { buildIdentities, type FleetSpec } from '../simulator/index.ts';
import { startPlatformProcess, startStack } from '../stack/index.ts';
import { browserHarness, buildViewer } from '../viewer/index.ts';
import { fmt, Samples } from './stats.ts';
import { loadavg } from 'node:os';

export const VIEWER_BENCH_DEFAULTS = {
  /** Device counts to measure frame rates at. */
  sizes: [1000, 5000],
  /** How long each frame-rate measurement lasts, ms. */
  fpsMs: 5000,
  /** Breaker state changes published for the latency figure, and their rate per second. */
  changes: 200,
  changesPerSecond: 20,
};

function specFor(devices: number): FleetSpec {
  const third = Math.floor(devices / 3);
  return {
    name: 'viewer-bench',
    seed: 3,
    site: 'bench-site',
    groups: [
      { type: 'smart_breaker', count: devices - 2 * third },
      { type: 'env_sensor', count: third },
      { type: 'camera', count: third },
    ],
  };
}

const FIELDS: Record<string, Record<string, number | string | boolean>> = {
  smart_breaker: { breaker_state: 'closed', load_percent: 40 },
  env_sensor: { temperature: 21.5, battery: 80 },
  camera: { recording: true },
};

export async function runViewerBench(o = VIEWER_BENCH_DEFAULTS): Promise<void> {
  const built = await buildViewer();
  console.log(
    `viewer bundle: ${Object.entries(built.bytes)
      .filter(([f]) => !f.endsWith('.map'))
      .map(([f, b]) => `${f} ${fmt(b / 1024)} KB`)
      .join(', ')} (esbuild ${built.ms} ms)`,
  );
  await using stack = await startStack({ mode: 'local' });
  await using platform = await startPlatformProcess(stack.info, {
    config: { logLevel: 'warn', heartbeatTimeoutMs: 3_600_000 },
  });
  const client = await mqtt.connectAsync(stack.mqttUrl, { clientId: 'viewer-bench' });
  const { launchBrowser, openViewer } = await browserHarness();
  await using browser = await launchBrowser({ width: 1280, height: 800 });
  let registered = 0;
  try {
    const max = Math.max(...o.sizes);
    const identities = buildIdentities(specFor(max));
    const rows: string[] = [];
    let breakers: string[] = [];
    for (const size of [...o.sizes].sort((a, b) => a - b)) {
      // Births (with locations) and one reading each for the devices not yet there.
      const batch = identities.slice(registered, size);
      await Promise.all(
        batch.map(async (d) => {
          await client.publishAsync(
            `tb/v1/${d.id}/status`,
            JSON.stringify({ online: true, type: d.type, name: d.name, location: d.location }),
            { qos: 1 },
          );
          await client.publishAsync(`tb/v1/${d.id}/telemetry`, JSON.stringify({ fields: FIELDS[d.type] }), {
            qos: 1,
          });
        }),
      );
      registered = size;
      for (;;) {
        // One small page: only the count matters, and the health answer has it.
        const health = (await (await fetch(`${platform.url}/health`)).json()) as {
          devices: { registered: number };
        };
        const n = health.devices.registered;
        if (n >= size) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      breakers = identities
        .slice(0, size)
        .filter((d) => d.type === 'smart_breaker')
        .map((d) => d.id);
      const page = await browser.context.newPage();
      const t0 = Date.now();
      await openViewer(page, platform.url, 'test=0', platform.token);
      const loadMs = Date.now() - t0;
      const fps = await measureFps(page, o.fpsMs);
      // The same page with nothing drawn but the background: this machine's floor in the same run.
      const empty = await measureFps(page, o.fpsMs, {
        slab: false,
        outline: false,
        panel: false,
        cone: false,
        labels: false,
        breaker: false,
        puck: false,
        camera: false,
      });
      rows.push(
        `${fmt(size).padStart(7)} devices  ${fmt(fps.fps, 1).padStart(6)} fps  frame p50 ${fmt(fps.p50FrameMs, 1)} ms, p99 ${fmt(fps.p99FrameMs, 1)} ms  (${fps.frames} frames in ${o.fpsMs / 1000} s; empty scene ${fmt(empty.fps, 1)} fps; page ready in ${fmt(loadMs)} ms; load average ${loadavg()[0]?.toFixed(1)})`,
      );
      if (size === Math.min(...o.sizes)) rows.push(await latency(page, client, size, breakers, o));
      await page.close();
    }
    console.log(
      `headless Chromium, SwiftShader WebGL 2 on the CPU (a floor: a laptop GPU is far faster)\n${rows.join('\n')}`,
    );
  } finally {
    await client.endAsync();
  }
}

interface Fps {
  fps: number;
  frames: number;
  p50FrameMs: number;
  p99FrameMs: number;
}

async function measureFps(page: Page, ms: number, layers?: Record<string, boolean>): Promise<Fps> {
  type Hooks = { layers(l: Record<string, boolean>): void; measureFps(ms: number): Promise<Fps> };
  return page.evaluate(
    async ([ms, layers]) => {
      const t = (globalThis as unknown as { twinbench: Hooks }).twinbench;
      const all = {
        slab: true,
        outline: true,
        panel: true,
        cone: true,
        labels: true,
        breaker: true,
        puck: true,
        camera: true,
      };
      t.layers(layers ?? all);
      const r = await t.measureFps(ms);
      t.layers(all);
      return r;
    },
    [ms, layers] as const,
  );
}

async function latency(
  page: Page,
  client: mqtt.MqttClient,
  size: number,
  breakers: string[],
  o: typeof VIEWER_BENCH_DEFAULTS,
): Promise<string> {
  type Hooks = { recordLatency(): void; latencies(): number[]; latencyParts(): [number, number][] };
  await page.evaluate(() => (globalThis as unknown as { twinbench: Hooks }).twinbench.recordLatency());
  const state = new Map<string, string>();
  for (let i = 0; i < o.changes; i++) {
    const id = breakers[(i * 7919) % breakers.length] as string;
    const next = state.get(id) === 'open' ? 'closed' : 'open';
    state.set(id, next);
    const now = Date.now();
    await client.publishAsync(
      `tb/v1/${id}/telemetry`,
      JSON.stringify({ ts: now, sent: now, fields: { breaker_state: next } }),
      { qos: 1 },
    );
    await new Promise((r) => setTimeout(r, 1000 / o.changesPerSecond));
  }
  await new Promise((r) => setTimeout(r, 1000));
  const values = await page.evaluate(() =>
    (globalThis as unknown as { twinbench: Hooks }).twinbench.latencies(),
  );
  const parts = await page.evaluate(() =>
    (globalThis as unknown as { twinbench: Hooks }).twinbench.latencyParts(),
  );
  const pct = (xs: number[]) => {
    const s = new Samples();
    for (const v of xs) s.add(v);
    return { count: s.count, p: s.percentiles([50, 99, 100]).map((v) => fmt(v)) };
  };
  const all = pct(values);
  const wire = pct(parts.map((p) => p[0]));
  const frame = pct(parts.map((p) => p[1]));
  return [
    `  change → colour on screen at ${fmt(size)} devices: p50 ${all.p[0]} ms, p99 ${all.p[1]} ms, max ${all.p[2]} ms (${all.count}/${o.changes} changes seen; target p99 ≤ 100 ms)`,
    `    of which publish → in the page (broker, platform, stream): p50 ${wire.p[0]} ms, p99 ${wire.p[1]} ms; in the page → frame drawn: p50 ${frame.p[0]} ms, p99 ${frame.p[1]} ms`,
  ].join('\n');
}
