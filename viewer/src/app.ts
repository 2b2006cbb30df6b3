/**
 * The viewer, assembled: registry → scene → renderer; the live fleet → bindings → colours, table, panel;
 * replay; story captions. `main.ts` starts it from the page's URL.
 */
import { RestClient } from './api/rest-client.ts';
import type { DeviceListEntry, DeviceRecord, TwinChange } from './api/wire.ts';
import { asShadowState } from './api/wire.ts';
import { toHex, type BindingRule, type Visual } from './bindings/rules.ts';
import { fieldsOf, visualOf, visualOfState } from './bindings/visual-of.ts';
import type { ViewerConfig } from './config.ts';
import { VIEWER_ERROR_CODES, ViewerError } from './errors.ts';
import { PlanView } from './render/plan-view.ts';
import type { SceneView } from './render/scene-view.ts';
import { ThreeView, webglAvailable } from './render/three-view.ts';
import { ReplayController } from './replay/replay-controller.ts';
import type { ReplayDeviceState } from './replay/replay-model.ts';
import { compileLayout } from './scene/compile-layout.ts';
import { generateScene } from './scene/generate-scene.ts';
import type { SceneLayout } from './scene/layout.ts';
import { parseSceneText } from './scene/scene-file.ts';
import type { SceneFile } from './scene/scene-schema.ts';
import type { DeviceTwin } from './state/device-twin.ts';
import { FleetState } from './state/fleet-state.ts';
import { LiveSync } from './state/live-sync.ts';
import { DevicePanel } from './ui/device-panel.ts';
import { DeviceTable, type TableRow } from './ui/device-table.ts';
import { h } from './ui/dom.ts';
import { renderLegend } from './ui/legend.ts';
import { StatusBadge } from './ui/status-badge.ts';
import { Timeline } from './ui/timeline.ts';

/** Devices tagged `role:story` carry the story's captions (reported `caption`); they are not drawn. */
export const isStoryDevice = (d: Pick<DeviceRecord, 'tags'>) => d.tags.role === 'story';

export class ViewerApp {
  readonly rest: RestClient;
  readonly fleet = new FleetState({ keep: (d) => !isStoryDevice(d) });
  readonly visuals = new Map<string, Visual>();
  view!: SceneView;
  layout!: SceneLayout;
  sync!: LiveSync;
  readonly replay: ReplayController;
  readonly badge = new StatusBadge();
  readonly table: DeviceTable;
  readonly panel: DevicePanel;
  readonly timeline: Timeline;
  readonly #caption = h('div', { class: 'caption', role: 'status', 'aria-live': 'polite', hidden: true });
  readonly #legendSlot = h('div', { class: 'legend-slot' });
  readonly #sceneBox = h('div', { class: 'scene', tabindex: -1 });
  readonly #floorSelect = h('select', { 'aria-label': 'Floor' });
  readonly #cameraSelect = h('select', { 'aria-label': 'Camera preset' });
  #scene: SceneFile | undefined;
  #relayout: ReturnType<typeof setTimeout> | undefined;
  /** Frame listeners (latency measurement). */
  readonly changeListeners = new Set<(changes: readonly TwinChange[], recolored: string[]) => void>();

  readonly root: HTMLElement;
  readonly config: ViewerConfig;

  constructor(root: HTMLElement, config: ViewerConfig) {
    this.root = root;
    this.config = config;
    this.rest = new RestClient({ baseUrl: config.apiBase, token: config.token });
    this.table = new DeviceTable((id) => this.open(id));
    this.panel = new DevicePanel({
      rest: this.rest,
      where: (id) => this.#where(id),
      close: () => this.open(null),
      replayAt: () => this.replay.time,
    });
    this.timeline = new Timeline({
      seek: (t, final) => void this.replay.seek(t, final),
      play: (on) => this.replay.play(on),
      speed: (x) => this.replay.setSpeed(x),
      live: () => this.replay.live(),
      window: (ms) => this.replay.setWindow(ms),
    });
    this.replay = new ReplayController({
      rest: this.rest,
      fields: () => fieldsOf(this.layout.rules),
      show: (t, stateAt) => this.#showReplay(t, stateAt),
      live: () => this.#backToLive(),
      events: (m) => this.timeline.setEvents(m.events),
      message: (text) => this.timeline.message(text),
      playing: (on) => this.timeline.setPlaying(on),
      windowChanged: (from, to) => this.timeline.setWindow(from, to),
    });
  }

  async start(): Promise<void> {
    const search = h('input', {
      type: 'search',
      placeholder: 'Search devices (id, name, room, state)…',
      'aria-label': 'Search devices',
    });
    search.addEventListener('input', () => this.table.setFilter(search.value));
    search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        const first = this.table.matches()[0];
        if (first) this.open(first);
      }
    });
    this.#floorSelect.addEventListener('change', () => this.view.setFloor(this.#floorSelect.value || null));
    this.#cameraSelect.addEventListener('change', () => {
      const preset = this.layout.cameras[Number(this.#cameraSelect.value)];
      if (preset) this.view.applyCamera(preset);
    });
    this.#sceneBox.addEventListener('click', (e) => {
      const r = this.view.canvas.getBoundingClientRect();
      const id = this.view.pick(e.clientX - r.left, e.clientY - r.top);
      if (id) this.open(id);
    });
    this.root.replaceChildren(
      h(
        'header',
        { class: 'topbar' },
        h('h1', {}, 'twinbench'),
        h('span', { class: 'site' }),
        search,
        this.#floorSelect,
        this.#cameraSelect,
        this.badge.el,
      ),
      h(
        'main',
        { class: 'body' },
        this.table.el,
        h('div', { class: 'scene-wrap' }, this.#sceneBox, this.#caption, this.#legendSlot),
        this.panel.el,
      ),
      this.timeline.el,
    );

    const entries = await this.rest.devices();
    this.#scene = this.config.sceneUrl ? await this.#loadSceneFile(this.config.sceneUrl) : undefined;
    this.view =
      this.config.renderer === '2d' || !webglAvailable()
        ? new PlanView(this.#sceneBox)
        : new ThreeView(this.#sceneBox, { preserveDrawingBuffer: this.config.test });
    this.root.dataset.renderer = this.view.kind;
    this.#setLayout(entries.map((e) => e.device).filter((d) => !isStoryDevice(d)));
    this.fleet.on((changed, structural) => this.#changed(changed, structural));
    this.sync = new LiveSync({
      rest: this.rest,
      fleet: this.fleet,
      streamUrl: this.config.streamUrl,
      token: this.config.token,
      onStatus: (s, since) => (this.replay.active ? undefined : this.badge.set(s, since)),
      fields: () => fieldsOf(this.layout.rules),
      onFrame: (changes) => this.#frame(changes),
      onRegistry: (all) => this.#registry(all),
    }).start();
    await this.sync.synced;
    this.view.setContinuous(this.config.continuous);
    setInterval(() => this.#refreshTimed(), 1000);
    this.timeline.setWindow(...this.replay.window);
    if (this.config.device) this.open(this.config.device);
    this.root.dataset.ready = 'true';
  }

  /** Opens a device's panel and focuses the scene on it (null closes). */
  open(id: string | null): void {
    const twin = id ? this.fleet.get(id) : undefined;
    this.table.select(twin ? twin.device.id : null);
    this.view.select(twin ? twin.device.id : null);
    if (!twin) {
      this.panel.close();
      return;
    }
    this.view.focus(twin.device.id);
    // The fleet holds what the bindings read; the panel shows the whole twin.
    void this.rest
      .twin(twin.device.id)
      .then((view) => this.fleet.applyTwin(view))
      .catch(() => undefined);
    this.#floorSelect.value = this.view.floor ?? '';
    this.panel.open(twin, this.visuals.get(twin.device.id));
  }

  /** The rules in force. */
  get rules(): readonly BindingRule[] {
    return this.layout.rules;
  }

  async #loadSceneFile(url: string): Promise<SceneFile> {
    const res = await fetch(url).catch((e: unknown) => {
      throw new ViewerError(
        VIEWER_ERROR_CODES.SCENE_NOT_FOUND,
        `Scene ${url} could not be fetched (${(e as Error).message}); check the ?scene= URL.`,
      );
    });
    if (!res.ok)
      throw new ViewerError(
        VIEWER_ERROR_CODES.SCENE_NOT_FOUND,
        `Scene ${url} answered ${res.status}; check the ?scene= URL.`,
      );
    return parseSceneText(await res.text(), url);
  }

  #setLayout(devices: DeviceRecord[]): void {
    const scene = this.#scene ?? generateScene(devices);
    this.layout = compileLayout(scene, devices, this.config.sceneUrl ?? 'registry');
    this.view.setLayout(this.layout);
    (this.root.querySelector('.site') as HTMLElement).textContent = this.layout.site;
    this.#floorSelect.replaceChildren(
      h('option', { value: '' }, 'All floors'),
      ...this.layout.floors.map((f) => h('option', { value: f.key }, `${f.buildingName} · ${f.name}`)),
    );
    this.#cameraSelect.replaceChildren(
      ...this.layout.cameras.map((c, i) => h('option', { value: i }, c.name)),
    );
    this.#legendSlot.replaceChildren(renderLegend(this.layout.rules));
    for (const twin of this.fleet.all())
      this.view.setVisual(
        twin.device.id,
        this.visuals.get(twin.device.id) ?? visualOf(this.layout.rules, twin, Date.now()),
      );
  }

  #changed(changed: ReadonlySet<string>, structural: boolean): void {
    if (structural) {
      this.table.setRows([...this.fleet.all()].map((t) => this.#row(t)));
      if (this.layout && [...this.fleet.all()].some((t) => !this.layout.slots.has(t.device.id))) {
        clearTimeout(this.#relayout);
        this.#relayout = setTimeout(() => this.#setLayout([...this.fleet.all()].map((t) => t.device)), 300);
      }
    }
    if (this.replay.active) return;
    const now = Date.now();
    for (const id of changed) {
      const twin = this.fleet.get(id);
      if (!twin) continue;
      this.#apply(twin, visualOf(this.layout.rules, twin, now));
      if (this.panel.deviceId === id) this.panel.update(twin, this.visuals.get(id));
    }
  }

  #apply(twin: DeviceTwin, v: Visual): void {
    const id = twin.device.id;
    const before = this.visuals.get(id);
    this.visuals.set(id, v);
    if (
      !before ||
      before.color !== v.color ||
      before.blink !== v.blink ||
      before.visible !== v.visible ||
      before.label !== v.label
    ) {
      this.view.setVisual(id, v);
      this.table.updateRow(this.#row(twin));
    }
  }

  #frame(changes: readonly TwinChange[]): void {
    for (const c of changes) {
      if (c.kind === 'command') this.panel.commandChanged(c.command);
      if (c.kind === 'device' && isStoryDevice(c.device)) this.#storyIds.add(c.deviceId);
      if (c.kind === 'shadow' && c.shadowName === undefined && this.#storyIds.has(c.deviceId))
        this.#showCaption(asShadowState(c.state).reported?.caption);
    }
    if (this.changeListeners.size > 0) {
      const ids = changes.map((c) => c.deviceId);
      for (const l of this.changeListeners) l(changes, ids);
    }
  }

  #storyIds = new Set<string>();

  #registry(all: readonly DeviceListEntry[]): void {
    this.#storyIds = new Set(all.filter((e) => isStoryDevice(e.device)).map((e) => e.device.id));
    const story = [...this.#storyIds][0];
    if (story)
      void this.rest
        .twin(story)
        .then((t) =>
          this.#showCaption(t.shadow ? asShadowState(t.shadow.state).reported?.caption : undefined),
        )
        .catch(() => undefined);
  }

  #showCaption(caption: unknown): void {
    const text = typeof caption === 'string' ? caption : '';
    this.#caption.hidden = text === '';
    this.#caption.textContent = text;
  }

  /** Event-driven states (a motion pulse) fade with time: re-evaluate devices with recent events. */
  #refreshTimed(): void {
    if (this.replay.active) return;
    const now = Date.now();
    for (const twin of this.fleet.all()) {
      const recent = Object.values(twin.lastEvent).some((t) => now - t < 70_000);
      if (recent) this.#apply(twin, visualOf(this.layout.rules, twin, now));
    }
  }

  #showReplay(t: number, stateAt: (id: string) => ReplayDeviceState): void {
    this.badge.set('replay', undefined, t);
    this.timeline.show(t);
    for (const twin of this.fleet.all()) {
      const state = stateAt(twin.device.id);
      this.#apply(twin, visualOfState(this.layout.rules, twin.device, state, t));
      if (this.panel.deviceId === twin.device.id)
        this.panel.update(
          {
            ...twin,
            fields: state.fields,
            online: state.online,
            lastEvent: state.lastEvent,
            commands: [],
            lastSeen: Math.max(0, ...Object.values(state.fieldTs)) || undefined,
          },
          this.visuals.get(twin.device.id),
        );
    }
  }

  #backToLive(): void {
    this.timeline.show(undefined);
    this.timeline.setPlaying(false);
    const s = this.sync.stream;
    this.badge.set(s?.status ?? 'connecting', s?.staleSince);
    this.#changed(new Set(this.fleet.ids()), false);
  }

  #where(id: string): string {
    const slot = this.layout.slots.get(id);
    const floor = this.layout.floors.find((f) => f.key === slot?.floorKey);
    const room = this.layout.rooms.find((r) => r.key === slot?.roomKey);
    return [floor ? `${floor.buildingName} · ${floor.name}` : 'not placed', room?.name]
      .filter(Boolean)
      .join(' · ');
  }

  #row(twin: DeviceTwin): TableRow {
    const v = this.visuals.get(twin.device.id);
    return {
      id: twin.device.id,
      name: twin.device.name,
      type: twin.device.type,
      where: this.layout ? this.#where(twin.device.id) : '',
      // the legend text without its parenthesis: "Closed (load 0 → 110 %)" → "Closed"
      state: v?.label ?? v?.state?.replace(/\s*\(.*\)$/, '') ?? (twin.online === false ? 'offline' : ''),
      online: twin.online,
      color: v ? toHex(v.color) : '#adb5bd',
    };
  }
}
