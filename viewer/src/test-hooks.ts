/**
 * `window.twinbench`: what browser tests and the benchmark read from the page (state, screen positions,
 * frame rates measured with requestAnimationFrame, change → frame latencies). Harmless in production.
 */
import type { ViewerApp } from './app.ts';
import { toHex } from './bindings/rules.ts';

export interface TwinbenchHooks {
  ready: () => boolean;
  renderer: () => string;
  devices: () => string[];
  color: (id: string) => string | undefined;
  screenPosition: (id: string) => { x: number; y: number } | undefined;
  open: (id: string | null) => void;
  focus: (id: string) => void;
  streamStatus: () => string;
  dropStream: () => void;
  seek: (t: number) => Promise<void>;
  live: () => void;
  /** Frames per second over `ms`, rendering every frame meanwhile. */
  /** Shows or hides parts of the 3D scene (`slab`, `outline`, `cone`, `labels`). */
  layers: (layers: Record<string, boolean>) => void;
  measureFps: (
    ms: number,
  ) => Promise<{ fps: number; frames: number; p50FrameMs: number; p99FrameMs: number }>;
  /** Starts recording, for telemetry changes carrying `sent`, the time from `sent` to the end of the first frame drawn after the colour changed. */
  recordLatency: () => void;
  latencies: () => number[];
  /** Each latency split: [publish → the frame arrives in the page, arrival → the frame drawn], ms. */
  latencyParts: () => [number, number][];
}

export function installHooks(app: ViewerApp): TwinbenchHooks {
  let samples: number[] = [];
  /** [sent → arrived in the page, arrived → frame drawn], ms. */
  let parts: [number, number][] = [];
  let pending: [sent: number, arrived: number][] = [];
  let recording = false;
  app.changeListeners.add((changes) => {
    if (!recording) return;
    const arrived = Date.now();
    for (const c of changes)
      if (c.kind === 'telemetry' && c.sent !== undefined) pending.push([c.sent, arrived]);
  });
  const hooks: TwinbenchHooks = {
    ready: () => app.root.dataset.ready === 'true',
    renderer: () => app.view.kind,
    devices: () => app.fleet.ids(),
    color: (id) => {
      const v = app.visuals.get(id);
      return v ? toHex(v.color) : undefined;
    },
    screenPosition: (id) => app.view.screenPosition(id),
    open: (id) => app.open(id),
    focus: (id) => app.view.focus(id),
    streamStatus: () => app.sync.stream?.status ?? 'connecting',
    dropStream: () => app.sync.stream?.drop(),
    seek: (t) => app.replay.seek(t, true),
    live: () => app.replay.live(),
    layers: (layers) =>
      (app.view as { setLayers?: (l: Record<string, boolean>) => void }).setLayers?.(layers),
    measureFps: (ms) =>
      new Promise((resolve) => {
        const times: number[] = [];
        app.view.setContinuous(true);
        const off = app.view.onFrame((t) => times.push(t));
        setTimeout(() => {
          off();
          app.view.setContinuous(app.config.continuous);
          const gaps = times
            .slice(1)
            .map((t, i) => t - (times[i] as number))
            .sort((a, b) => a - b);
          const span = (times[times.length - 1] ?? 0) - (times[0] ?? 0);
          const q = (p: number) => gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))] ?? 0;
          resolve({
            fps: span > 0 ? ((times.length - 1) * 1000) / span : 0,
            frames: times.length,
            p50FrameMs: q(0.5),
            p99FrameMs: q(0.99),
          });
        }, ms);
      }),
    recordLatency: () => {
      samples = [];
      parts = [];
      pending = [];
      recording = true;
    },
    latencies: () => samples,
    latencyParts: () => parts,
  };
  app.view.onFrame(() => {
    if (pending.length === 0) return;
    const now = Date.now();
    for (const [sent, arrived] of pending) {
      samples.push(now - sent);
      parts.push([arrived - sent, now - arrived]);
    }
    pending = [];
  });
  (globalThis as unknown as { twinbench: TwinbenchHooks }).twinbench = hooks;
  return hooks;
}
