/** What the app asks of a renderer: the WebGL one (three-view.ts) and the 2D floor plan (plan-view.ts). */
import type { Visual } from '../bindings/rules.ts';
import type { SceneLayout } from '../scene/layout.ts';
import type { CameraPreset } from '../scene/scene-schema.ts';

export interface SceneView {
  readonly kind: '3d' | '2d';
  readonly canvas: HTMLCanvasElement;
  setLayout(layout: SceneLayout): void;
  /** How a device looks now; the next frame shows it. */
  setVisual(id: string, visual: Visual): void;
  /** Show one floor (its key) or all (null; the plan view shows the first). */
  setFloor(floorKey: string | null): void;
  readonly floor: string | null;
  select(id: string | null): void;
  /** Shows the device's floor and moves the camera to it (selecting is `select`'s job). */
  focus(id: string): void;
  applyCamera(preset: CameraPreset): void;
  /** The device under a point of the canvas (CSS px from its top-left corner). */
  pick(x: number, y: number): string | undefined;
  /** Where a device is drawn (CSS px from the canvas's top-left corner), if on screen. */
  screenPosition(id: string): { x: number; y: number } | undefined;
  /** Render on every animation frame (benchmarks) instead of on change. */
  setContinuous(on: boolean): void;
  requestRender(): void;
  /** Called after every rendered frame with its rAF time (performance.now() ms). */
  onFrame(listener: (t: number) => void): () => void;
  dispose(): void;
}

/** Blink phase: on for 250 ms, off for 250 ms (2 Hz). */
export const BLINK_PERIOD_MS = 500;

export function blinkOn(t: number): boolean {
  return Math.floor(t / (BLINK_PERIOD_MS / 2)) % 2 === 0;
}

/** A blinking device's off colour: the colour at 35 %. */
export function dim(color: number): number {
  return (
    ((((color >> 16) & 0xff) * 0.35) << 16) | ((((color >> 8) & 0xff) * 0.35) << 8) | ((color & 0xff) * 0.35)
  );
}
