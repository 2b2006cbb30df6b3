/**
 * The 2D floor plan, for browsers without WebGL: one floor at a time seen from above, rooms as outlines
 * with their names, devices as dots in their bound colours, breaker panels as bars. Same contract as the
 * 3D view (picking, screen positions, blinking).
 */
import type { Visual } from '../bindings/rules.ts';
import type { DeviceSlot, LayoutFloor, SceneLayout } from '../scene/layout.ts';
import { blinkOn, BLINK_PERIOD_MS, dim, type SceneView } from './scene-view.ts';
import { toHex } from '../bindings/rules.ts';

const MARGIN = 30;
const DOT = 6;

export class PlanView implements SceneView {
  readonly kind = '2d' as const;
  readonly canvas: HTMLCanvasElement;
  readonly #ctx: CanvasRenderingContext2D;
  readonly #listeners = new Set<(t: number) => void>();
  #layout: SceneLayout | undefined;
  #visuals = new Map<string, Visual>();
  #floor: string | null = null;
  #selected: string | null = null;
  #continuous = false;
  #requested = false;
  #blinkTimer: ReturnType<typeof setTimeout> | undefined;
  #resize: ResizeObserver;

  constructor(container: HTMLElement) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'scene-canvas plan';
    container.append(this.canvas);
    const ctx = this.canvas.getContext('2d');
    if (!ctx)
      throw new Error(
        'This browser gives neither WebGL nor a 2D canvas; use a current Chrome, Firefox or Safari.',
      );
    this.#ctx = ctx;
    this.#resize = new ResizeObserver(() => this.requestRender());
    this.#resize.observe(container);
  }

  get floor(): string | null {
    return this.#floor;
  }

  setLayout(layout: SceneLayout): void {
    this.#layout = layout;
    if (!layout.floors.some((f) => f.key === this.#floor)) this.#floor = null;
    this.requestRender();
  }

  setVisual(id: string, visual: Visual): void {
    this.#visuals.set(id, visual);
    this.requestRender();
  }

  setFloor(floorKey: string | null): void {
    this.#floor = floorKey;
    this.requestRender();
  }

  select(id: string | null): void {
    this.#selected = id;
    this.requestRender();
  }

  focus(id: string): void {
    const slot = this.#layout?.slots.get(id);
    if (!slot) return;
    this.setFloor(slot.floorKey);
  }

  applyCamera(): void {
    // A plan has no camera; presets are for the 3D view.
  }

  pick(x: number, y: number): string | undefined {
    let best: string | undefined;
    let bestD = (DOT + 4) ** 2;
    for (const slot of this.#slotsShown()) {
      const p = this.#toScreen(slot.position[0], slot.position[1]);
      const d = (p.x - x) ** 2 + (p.y - y) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = slot.id;
      }
    }
    return best;
  }

  screenPosition(id: string): { x: number; y: number } | undefined {
    const slot = this.#layout?.slots.get(id);
    if (!slot || slot.floorKey !== this.#shownFloor()?.key) return undefined;
    return this.#toScreen(slot.position[0], slot.position[1]);
  }

  setContinuous(on: boolean): void {
    this.#continuous = on;
    this.requestRender();
  }

  requestRender(): void {
    if (this.#requested) return;
    this.#requested = true;
    requestAnimationFrame((t) => this.#draw(t));
  }

  onFrame(listener: (t: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    this.#resize.disconnect();
    this.canvas.remove();
  }

  #shownFloor(): LayoutFloor | undefined {
    const floors = this.#layout?.floors ?? [];
    return floors.find((f) => f.key === this.#floor) ?? floors[0];
  }

  #slotsShown(): DeviceSlot[] {
    const f = this.#shownFloor();
    return [...(this.#layout?.slots.values() ?? [])].filter(
      (s) => s.floorKey === f?.key && (this.#visuals.get(s.id)?.visible ?? true),
    );
  }

  #scale(): { s: number; ox: number; oy: number } {
    const f = this.#shownFloor();
    const [x, y, w, d] = f?.rect ?? [0, 0, 10, 10];
    const cw = this.canvas.clientWidth - 2 * MARGIN;
    const ch = this.canvas.clientHeight - 2 * MARGIN;
    const s = Math.max(1, Math.min(cw / Math.max(w, 1), ch / Math.max(d, 1)));
    return { s, ox: MARGIN - x * s + (cw - w * s) / 2, oy: MARGIN + (y + d) * s + (ch - d * s) / 2 };
  }

  #toScreen(x: number, y: number): { x: number; y: number } {
    const { s, ox, oy } = this.#scale();
    return { x: ox + x * s, y: oy - y * s };
  }

  #draw(t: number): void {
    this.#requested = false;
    const c = this.canvas;
    const dpr = globalThis.devicePixelRatio || 1;
    const w = c.parentElement?.clientWidth ?? 300;
    const h = c.parentElement?.clientHeight ?? 150;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(h * dpr);
      c.style.width = `${w}px`;
      c.style.height = `${h}px`;
    }
    const ctx = this.#ctx;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#f8f9fa';
    ctx.fillRect(0, 0, w, h);
    const floor = this.#shownFloor();
    const layout = this.#layout;
    if (!floor || !layout) return;
    const { s } = this.#scale();
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillStyle = '#212529';
    ctx.fillText(`${floor.buildingName} · ${floor.name} (2D plan: WebGL is not available)`, 8, 16);
    for (const r of layout.rooms.filter((r) => r.floorKey === floor.key)) {
      const p = this.#toScreen(r.rect[0], r.rect[1] + r.rect[3]);
      ctx.strokeStyle = '#343a40';
      ctx.strokeRect(p.x, p.y, r.rect[2] * s, r.rect[3] * s);
      ctx.fillStyle = '#868e96';
      ctx.fillText(r.name, p.x + 4, p.y + 14);
    }
    for (const panel of layout.panels.filter((p) => p.floorKey === floor.key)) {
      const p = this.#toScreen(panel.center[0] - panel.width / 2, panel.center[1]);
      ctx.fillStyle = '#495057';
      ctx.fillRect(p.x, p.y - 3, Math.max(8, panel.width * s), 6);
    }
    const on = blinkOn(performance.now());
    let blinking = false;
    for (const slot of this.#slotsShown()) {
      const v = this.#visuals.get(slot.id);
      const color = v ? (v.blink && !on ? dim(v.color) : v.color) : 0xadb5bd;
      blinking ||= v?.blink ?? false;
      const p = this.#toScreen(slot.position[0], slot.position[1]);
      ctx.fillStyle = toHex(color);
      ctx.beginPath();
      if (slot.model === 'breaker') ctx.rect(p.x - DOT / 2, p.y - DOT, DOT, DOT * 2);
      else ctx.arc(p.x, p.y, DOT, 0, Math.PI * 2);
      ctx.fill();
      if (slot.id === this.#selected) {
        ctx.strokeStyle = '#1971c2';
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.arc(p.x, p.y, DOT + 4, 0, Math.PI * 2);
        ctx.stroke();
        ctx.lineWidth = 1;
      }
    }
    for (const l of this.#listeners) l(t);
    if (this.#continuous) this.requestRender();
    else if (blinking && this.#blinkTimer === undefined)
      this.#blinkTimer = setTimeout(() => {
        this.#blinkTimer = undefined;
        this.requestRender();
      }, BLINK_PERIOD_MS / 2);
  }
}
