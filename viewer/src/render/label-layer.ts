/** HTML labels over the canvas: room names, floor names and the labels bindings give devices. */
import type { SceneLayout, Vec3 } from '../scene/layout.ts';

/** Room labels are drawn only when a view shows at most this many rooms (they would cover the scene). */
export const MAX_ROOM_LABELS = 150;
/** Device labels drawn at once (the selected device's always). */
export const MAX_DEVICE_LABELS = 40;

interface Label {
  el: HTMLElement;
  at: Vec3;
  floorKey?: string;
}

export class LabelLayer {
  readonly #root: HTMLElement;
  #rooms: Label[] = [];
  #devices = new Map<string, Label>();
  #floor: string | null = null;
  /** Something changed since the last `place`. */
  dirty = true;

  constructor(container: HTMLElement) {
    this.#root = document.createElement('div');
    this.#root.className = 'labels';
    this.#root.setAttribute('aria-hidden', 'true');
    container.append(this.#root);
  }

  setRooms(layout: SceneLayout): void {
    this.dirty = true;
    for (const l of this.#rooms) l.el.remove();
    this.#rooms = [];
    for (const f of layout.floors) {
      this.#rooms.push(
        this.#make(
          'floor-label',
          `${f.buildingName} · ${f.name}`,
          [f.rect[0], f.rect[1] - 0.8, f.elevation],
          f.key,
        ),
      );
    }
    for (const r of layout.rooms) {
      this.#rooms.push(
        this.#make(
          'room-label',
          r.name,
          [
            r.rect[0] + r.rect[2] / 2,
            r.rect[1] + r.rect[3] / 2,
            layout.floors.find((f) => f.key === r.floorKey)?.elevation ?? 0,
          ],
          r.floorKey,
        ),
      );
    }
    for (const l of this.#devices.values()) l.el.remove();
    this.#devices.clear();
  }

  setVisible(on: boolean): void {
    this.#root.hidden = !on;
  }

  setFloor(floorKey: string | null): void {
    this.#floor = floorKey;
    this.dirty = true;
  }

  setDeviceLabel(id: string, text: string | undefined, at: Vec3, floorKey?: string): void {
    this.dirty = true;
    const existing = this.#devices.get(id);
    if (!text) {
      existing?.el.remove();
      this.#devices.delete(id);
      return;
    }
    if (existing) {
      existing.el.textContent = text;
      existing.at = at;
      return;
    }
    const l = this.#make('device-label', text, at, floorKey);
    l.el.dataset.device = id;
    this.#devices.set(id, l);
  }

  /** Positions every label for the frame just drawn. */
  place(project: (p: Vec3) => { x: number; y: number } | undefined, selected: string | null): void {
    this.dirty = false;
    const rooms = this.#rooms.filter((l) => this.#floor === null || l.floorKey === this.#floor);
    const showRooms = rooms.filter((l) => l.el.className === 'room-label').length <= MAX_ROOM_LABELS;
    for (const l of this.#rooms) {
      const shown = rooms.includes(l) && (showRooms || l.el.className === 'floor-label');
      this.#put(l, shown ? project(l.at) : undefined);
    }
    let n = 0;
    for (const [id, l] of this.#devices) {
      const onFloor = this.#floor === null || l.floorKey === undefined || l.floorKey === this.#floor;
      const shown = onFloor && (id === selected || n < MAX_DEVICE_LABELS);
      const at = shown ? project([l.at[0], l.at[1], l.at[2] + 0.5]) : undefined;
      this.#put(l, at);
      if (at) n++;
    }
  }

  dispose(): void {
    this.#root.remove();
  }

  #make(className: string, text: string, at: Vec3, floorKey?: string): Label {
    const el = document.createElement('div');
    el.className = className;
    el.textContent = text;
    this.#root.append(el);
    return { el, at, ...(floorKey ? { floorKey } : {}) };
  }

  #put(l: Label, at: { x: number; y: number } | undefined): void {
    if (!at) {
      l.el.style.display = 'none';
      return;
    }
    l.el.style.display = '';
    l.el.style.transform = `translate(${Math.round(at.x)}px, ${Math.round(at.y)}px) translate(-50%, -50%)`;
  }
}
