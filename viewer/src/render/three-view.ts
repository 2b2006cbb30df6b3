/**
 * The WebGL scene: floors, panels and one InstancedMesh per device model part, so thousands of devices
 * cost a handful of draw calls. Renders on demand (a change, a camera move, a blink phase), or on every
 * frame when asked (benchmarks). Labels are HTML overlays positioned after each frame.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import type { Visual } from '../bindings/rules.ts';
import type { DeviceModel, DeviceSlot, SceneLayout, Vec3 } from '../scene/layout.ts';
import type { CameraPreset } from '../scene/scene-schema.ts';
import { LabelLayer } from './label-layer.ts';
import { blinkOn, BLINK_PERIOD_MS, dim, type SceneView } from './scene-view.ts';
import { floorGroup, modelParts, panelMesh, toThree } from './three-models.ts';

export interface ThreeViewOptions {
  /** Keep the drawing buffer so tests can read pixels after the frame. Default false. */
  preserveDrawingBuffer?: boolean;
}

interface Part {
  mesh: THREE.InstancedMesh;
  pickable: boolean;
  place: (p: Vec3, yaw: number, m: THREE.Matrix4) => void;
}

interface Instance {
  slot: DeviceSlot;
  model: DeviceModel;
  index: number;
  visual: Visual | undefined;
}

const HIDDEN = new THREE.Matrix4().makeScale(0, 0, 0);

export class ThreeView implements SceneView {
  readonly kind = '3d' as const;
  readonly canvas: HTMLCanvasElement;
  readonly #renderer: THREE.WebGLRenderer;
  readonly #scene = new THREE.Scene();
  readonly #camera = new THREE.PerspectiveCamera(45, 1, 0.1, 5000);
  readonly #controls: OrbitControls;
  readonly #labels: LabelLayer;
  readonly #frameListeners = new Set<(t: number) => void>();
  readonly #raycaster = new THREE.Raycaster();
  readonly #color = new THREE.Color();
  readonly #m = new THREE.Matrix4();
  #root = new THREE.Group();
  #parts = new Map<DeviceModel, Part[]>();
  #instances = new Map<string, Instance>();
  #floorGroups = new Map<string, THREE.Group>();
  #blinking = new Set<string>();
  #floor: string | null = null;
  #selected: string | null = null;
  #selection: THREE.Mesh;
  #continuous = false;
  #frameRequested = false;
  #blinkTimer: ReturnType<typeof setTimeout> | undefined;
  #lastBlinkOn = true;
  #lastView = '';
  #resize: ResizeObserver;

  constructor(container: HTMLElement, options: ThreeViewOptions = {}) {
    this.#renderer = new THREE.WebGLRenderer({
      antialias: false,
      preserveDrawingBuffer: options.preserveDrawingBuffer ?? false,
    });
    this.#renderer.setPixelRatio(Math.min(2, globalThis.devicePixelRatio || 1));
    this.canvas = this.#renderer.domElement;
    this.canvas.className = 'scene-canvas';
    container.append(this.canvas);
    this.#labels = new LabelLayer(container);
    this.#scene.background = new THREE.Color(0xf8f9fa);
    this.#scene.add(new THREE.AmbientLight(0xffffff, 1.6));
    const sun = new THREE.DirectionalLight(0xffffff, 1.4);
    sun.position.set(-30, 60, 40);
    this.#scene.add(sun);
    this.#scene.add(this.#root);
    // A ring around the selected device (facing south, as panels do), leaving the device itself uncovered.
    this.#selection = new THREE.Mesh(
      new THREE.TorusGeometry(0.55, 0.04, 8, 32),
      new THREE.MeshBasicMaterial({ color: 0x1971c2 }),
    );
    this.#selection.visible = false;
    this.#scene.add(this.#selection);
    this.#controls = new OrbitControls(this.#camera, this.canvas);
    this.#controls.addEventListener('change', () => this.requestRender());
    this.#resize = new ResizeObserver(() => this.#fit());
    this.#resize.observe(container);
    this.#fit();
  }

  get floor(): string | null {
    return this.#floor;
  }

  setLayout(layout: SceneLayout): void {
    this.#scene.remove(this.#root);
    disposeTree(this.#root);
    this.#root = new THREE.Group();
    this.#scene.add(this.#root);
    this.#floorGroups.clear();
    this.#instances.clear();
    this.#blinking.clear();
    for (const f of layout.floors) {
      const g = floorGroup(
        f,
        layout.rooms.filter((r) => r.floorKey === f.key),
      );
      this.#floorGroups.set(f.key, g);
      this.#root.add(g);
    }
    if (layout.panels.length > 0) this.#root.add(panelMesh(layout.panels));
    const byModel = new Map<DeviceModel, DeviceSlot[]>();
    for (const s of layout.slots.values()) byModel.set(s.model, [...(byModel.get(s.model) ?? []), s]);
    this.#parts = new Map();
    for (const [model, slots] of byModel) {
      const parts: Part[] = modelParts(model).map((spec) => {
        const mesh = new THREE.InstancedMesh(spec.geometry, spec.material, slots.length);
        mesh.name = spec.pickable ? model : 'cone';
        mesh.userData.ids = slots.map((s) => s.id);
        mesh.frustumCulled = false;
        this.#root.add(mesh);
        return { mesh, pickable: spec.pickable, place: spec.place };
      });
      this.#parts.set(model, parts);
      slots.forEach((slot, index) => {
        this.#instances.set(slot.id, { slot, model, index, visual: undefined });
        for (const p of parts) p.mesh.setColorAt(index, this.#color.setHex(0xadb5bd));
        this.#placeInstance(slot.id);
      });
    }
    if (layout.links && layout.links.length > 0) this.#root.add(linkLines(layout));
    this.#labels.setRooms(layout);
    if (this.#floor && !layout.floors.some((f) => f.key === this.#floor)) this.#floor = null;
    this.setFloor(this.#floor);
    const preset = layout.cameras[0];
    if (preset) this.applyCamera(preset);
  }

  setVisual(id: string, visual: Visual): void {
    const inst = this.#instances.get(id);
    if (!inst) return;
    const before = inst.visual;
    inst.visual = visual;
    if (visual.blink) this.#blinking.add(id);
    else this.#blinking.delete(id);
    const color = visual.blink && !this.#lastBlinkOn ? dim(visual.color) : visual.color;
    for (const p of this.#parts.get(inst.model) ?? []) {
      p.mesh.setColorAt(inst.index, this.#color.setHex(color));
      if (p.mesh.instanceColor) p.mesh.instanceColor.needsUpdate = true;
    }
    if (!before || before.visible !== visual.visible) this.#placeInstance(id);
    this.#labels.setDeviceLabel(id, visual.label, inst.slot.position, inst.slot.floorKey);
    this.requestRender();
  }

  setFloor(floorKey: string | null): void {
    this.#floor = floorKey;
    for (const [key, g] of this.#floorGroups) g.visible = floorKey === null || key === floorKey;
    for (const id of this.#instances.keys()) this.#placeInstance(id);
    this.#labels.setFloor(floorKey);
    this.requestRender();
  }

  select(id: string | null): void {
    this.#selected = id;
    this.#labels.dirty = true;
    const inst = id ? this.#instances.get(id) : undefined;
    this.#selection.visible = inst !== undefined;
    if (inst) toThree(inst.slot.position, this.#selection.position);
    this.requestRender();
  }

  focus(id: string): void {
    const inst = this.#instances.get(id);
    if (!inst) return;
    this.setFloor(inst.slot.floorKey);
    const p = inst.slot.position;
    this.applyCamera({ name: id, position: [p[0] + 1.5, p[1] - 7, p[2] + 4], target: p });
  }

  applyCamera(preset: CameraPreset): void {
    toThree(preset.position, this.#camera.position);
    toThree(preset.target, this.#controls.target);
    this.#camera.lookAt(this.#controls.target);
    this.#controls.update();
    this.requestRender();
  }

  pick(x: number, y: number): string | undefined {
    const rect = this.canvas.getBoundingClientRect();
    const ndc = new THREE.Vector2((x / rect.width) * 2 - 1, -(y / rect.height) * 2 + 1);
    this.#raycaster.setFromCamera(ndc, this.#camera);
    const meshes = [...this.#parts.values()]
      .flat()
      .filter((p) => p.pickable)
      .map((p) => p.mesh);
    for (const hit of this.#raycaster.intersectObjects(meshes, false)) {
      const ids = hit.object.userData.ids as string[] | undefined;
      const id = hit.instanceId !== undefined ? ids?.[hit.instanceId] : undefined;
      if (id && this.#shown(id)) return id;
    }
    return undefined;
  }

  screenPosition(id: string): { x: number; y: number } | undefined {
    const inst = this.#instances.get(id);
    if (!inst || !this.#shown(id)) return undefined;
    return this.#project(inst.slot.position);
  }

  /** Shows or hides parts of the scene by name (`slab`, `outline`, `panel`, `breaker`, `puck`, `camera`, `cone`, `labels`). */
  setLayers(layers: Record<string, boolean>): void {
    this.#root.traverse((o) => {
      const on = layers[o.name];
      if (on !== undefined) o.visible = on;
    });
    if (layers.labels !== undefined) this.#labels.setVisible(layers.labels);
    this.requestRender();
  }

  setContinuous(on: boolean): void {
    this.#continuous = on;
    this.requestRender();
  }

  requestRender(): void {
    if (this.#frameRequested) return;
    this.#frameRequested = true;
    requestAnimationFrame((t) => this.#frame(t));
  }

  onFrame(listener: (t: number) => void): () => void {
    this.#frameListeners.add(listener);
    return () => this.#frameListeners.delete(listener);
  }

  dispose(): void {
    this.#resize.disconnect();
    this.#controls.dispose();
    disposeTree(this.#scene);
    this.#renderer.dispose();
    this.canvas.remove();
    this.#labels.dispose();
  }

  #shown(id: string): boolean {
    const inst = this.#instances.get(id);
    if (!inst) return false;
    return (inst.visual?.visible ?? true) && (this.#floor === null || inst.slot.floorKey === this.#floor);
  }

  #placeInstance(id: string): void {
    const inst = this.#instances.get(id);
    if (!inst) return;
    for (const p of this.#parts.get(inst.model) ?? []) {
      if (this.#shown(id)) p.place(inst.slot.position, inst.slot.yaw, this.#m);
      else this.#m.copy(HIDDEN);
      p.mesh.setMatrixAt(inst.index, this.#m);
      p.mesh.instanceMatrix.needsUpdate = true;
    }
  }

  #project(p: Vec3): { x: number; y: number } | undefined {
    const v = toThree(p).project(this.#camera);
    if (v.z < -1 || v.z > 1) return undefined;
    const w = this.canvas.clientWidth;
    const h = this.canvas.clientHeight;
    return { x: ((v.x + 1) / 2) * w, y: ((1 - v.y) / 2) * h };
  }

  #frame(t: number): void {
    this.#frameRequested = false;
    const on = blinkOn(performance.now());
    if (on !== this.#lastBlinkOn) {
      this.#lastBlinkOn = on;
      for (const id of this.#blinking) {
        const inst = this.#instances.get(id);
        if (!inst?.visual) continue;
        for (const p of this.#parts.get(inst.model) ?? []) {
          p.mesh.setColorAt(inst.index, this.#color.setHex(on ? inst.visual.color : dim(inst.visual.color)));
          if (p.mesh.instanceColor) p.mesh.instanceColor.needsUpdate = true;
        }
      }
    }
    this.#renderer.render(this.#scene, this.#camera);
    // Labels move only when the camera did or a label changed: DOM writes cost more than the frame.
    const view = this.#camera.matrixWorld.elements.join() + this.#camera.projectionMatrix.elements[0];
    if (view !== this.#lastView || this.#labels.dirty) {
      this.#lastView = view;
      this.#labels.place((p) => this.#project(p), this.#selected);
    }
    for (const l of this.#frameListeners) l(t);
    if (this.#continuous) this.requestRender();
    else if (this.#blinking.size > 0 && this.#blinkTimer === undefined) {
      const wait = BLINK_PERIOD_MS / 2 - (performance.now() % (BLINK_PERIOD_MS / 2)) + 1;
      this.#blinkTimer = setTimeout(() => {
        this.#blinkTimer = undefined;
        this.requestRender();
      }, wait);
    }
  }

  #fit(): void {
    const parent = this.canvas.parentElement;
    if (!parent) return;
    const w = Math.max(1, parent.clientWidth);
    const h = Math.max(1, parent.clientHeight);
    this.#renderer.setSize(w, h);
    this.#camera.aspect = w / h;
    this.#camera.updateProjectionMatrix();
    this.requestRender();
  }
}

function disposeTree(root: THREE.Object3D): void {
  root.traverse((o) => {
    const m = o as THREE.Mesh;
    m.geometry?.dispose();
    const mat = m.material as THREE.Material | THREE.Material[] | undefined;
    if (Array.isArray(mat)) mat.forEach((x) => x.dispose());
    else mat?.dispose();
  });
}

/** True when this browser can give a WebGL 2 context (else the app draws the 2D floor plan). */
export function webglAvailable(): boolean {
  try {
    const c = document.createElement('canvas');
    return c.getContext('webgl2') !== null;
  } catch {
    return false;
  }
}

/** Thin lines from each child to its gateway (the radio link), under the devices. */
function linkLines(layout: SceneLayout): THREE.LineSegments {
  const points: number[] = [];
  const a = new THREE.Vector3();
  const b = new THREE.Vector3();
  for (const [child, gateway] of layout.links ?? []) {
    const from = layout.slots.get(child);
    const to = layout.slots.get(gateway);
    if (!from || !to) continue;
    toThree(from.position, a);
    toThree(to.position, b);
    points.push(a.x, a.y, a.z, b.x, b.y, b.z);
  }
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.Float32BufferAttribute(points, 3));
  const lines = new THREE.LineSegments(
    geometry,
    new THREE.LineBasicMaterial({ color: 0x4dabf7, transparent: true, opacity: 0.35, depthWrite: false }),
  );
  lines.name = 'child-links';
  return lines;
}
