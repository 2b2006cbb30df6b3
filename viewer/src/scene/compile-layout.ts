/**
 * A scene file plus the registry → the layout the renderers draw. Devices land in a room by an explicit
 * placement, else by their location (building, floor, room matched by id or name), else by the point
 * (x, y, z) falling in a room; what is left goes on a grid beside the site (or is hidden). Breakers are
 * gathered into panels, one per room (or per placement `panel`).
 */
import type { DeviceRecord } from '../api/wire.ts';
import { composeRules } from '../bindings/defaults.ts';
import type { BindingRule } from '../bindings/rules.ts';
import { FLOOR_HEIGHT } from './generate-scene.ts';
import type {
  DeviceModel,
  DeviceSlot,
  LayoutFloor,
  LayoutPanel,
  LayoutRoom,
  Rect,
  SceneLayout,
  Vec3,
} from './layout.ts';
import type { CameraPreset, SceneFile, ScenePlacement } from './scene-schema.ts';

/** Breaker module size on a panel, m (schematic: larger than life so a building-wide view shows them). */
export const BREAKER_W = 0.3;
export const BREAKER_H = 0.42;
export const PANEL_COLUMNS = 6;
const PANEL_MARGIN = 0.08;
const GRID_SPACING = 1.2;

const has = (n: number | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

function defaultModel(type: string): DeviceModel {
  if (type === 'gateway') return 'hub';
  return type === 'smart_breaker' ? 'breaker' : type === 'camera' ? 'camera' : 'puck';
}

function modelOf(type: string, placement?: ScenePlacement): DeviceModel {
  if (placement?.model === 'panel') return 'breaker';
  if (placement?.model === 'puck' || placement?.model === 'camera') return placement.model;
  return defaultModel(type);
}

const contains = (r: Rect, x: number, y: number) =>
  x >= r[0] && x <= r[0] + r[2] && y >= r[1] && y <= r[1] + r[3];

export function compileLayout(
  scene: SceneFile,
  devices: readonly DeviceRecord[],
  source: string,
): SceneLayout {
  const floors: LayoutFloor[] = [];
  const rooms: LayoutRoom[] = [];
  const placements = new Map<string, { placement: ScenePlacement; roomKey: string }>();
  const byName = new Map<string, LayoutFloor>(); // building id|name + floor id|name → floor
  const roomByName = new Map<string, LayoutRoom>(); // floor key + room id|name → room
  const roomsOfFloor = new Map<string, LayoutRoom[]>();

  for (const b of scene.buildings) {
    b.floors.forEach((f, i) => {
      const key = `${b.id}/${f.id}`;
      const rs = f.rooms.map((r) => ({
        key: `${key}/${r.id}`,
        floorKey: key,
        id: r.id,
        name: r.name ?? r.id,
        rect: r.rect,
      }));
      const floor: LayoutFloor = {
        key,
        buildingId: b.id,
        buildingName: b.name ?? b.id,
        id: f.id,
        name: f.name ?? f.id,
        elevation: f.elevation ?? i * FLOOR_HEIGHT,
        height: f.height ?? FLOOR_HEIGHT,
        rect: unionRect(rs.map((r) => r.rect)) ?? [0, 0, 1, 1],
      };
      floors.push(floor);
      roomsOfFloor.set(key, rs);
      for (const bn of new Set([b.id, b.name ?? b.id]))
        for (const fn of new Set([f.id, f.name ?? f.id])) byName.set(`${bn}\u0000${fn}`, floor);
      f.rooms.forEach((r, ri) => {
        const lr = rs[ri] as LayoutRoom;
        rooms.push(lr);
        for (const rn of new Set([r.id, r.name ?? r.id])) roomByName.set(`${key}\u0000${rn}`, lr);
        for (const p of r.placements ?? []) placements.set(p.device, { placement: p, roomKey: lr.key });
      });
    });
  }
  const floorByKey = new Map(floors.map((f) => [f.key, f]));
  const roomByKey = new Map(rooms.map((r) => [r.key, r]));

  const slots = new Map<string, DeviceSlot>();
  const gridded = new Map<string, DeviceRecord[]>(); // room key → devices that need a spot
  const unplaced: DeviceRecord[] = [];
  const panelOf = new Map<string, string>(); // device id → panel key
  const sorted = [...devices].sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }));

  for (const d of sorted) {
    const loc = d.location ?? {};
    const placed = placements.get(d.id);
    let room: LayoutRoom | undefined;
    let floor: LayoutFloor | undefined;
    if (placed) room = roomByKey.get(placed.roomKey);
    if (!room && (loc.building || loc.floor)) {
      floor = byName.get(`${loc.building ?? 'Site'}\u0000${loc.floor ?? 'Floor'}`);
      if (floor && loc.room) room = roomByName.get(`${floor.key}\u0000${loc.room}`);
      if (floor && !room && has(loc.x) && has(loc.y))
        room = roomsOfFloor.get(floor.key)?.find((r) => contains(r.rect, loc.x as number, loc.y as number));
    }
    if (!room && !floor && has(loc.x) && has(loc.y)) {
      const z = loc.z ?? 0;
      room = rooms.find((r) => {
        const f = floorByKey.get(r.floorKey) as LayoutFloor;
        return (
          contains(r.rect, loc.x as number, loc.y as number) && z >= f.elevation && z < f.elevation + f.height
        );
      });
    }
    if (room) floor = floorByKey.get(room.floorKey);
    if (!floor) {
      unplaced.push(d);
      continue;
    }
    const model = modelOf(d.type, placed?.placement);
    const at =
      placed?.placement.at ??
      (has(loc.x) && has(loc.y) ? ([loc.x, loc.y, loc.z ?? Number.NaN] as Vec3) : undefined);
    if (!at) {
      const key = room?.key ?? floor.key;
      gridded.set(key, [...(gridded.get(key) ?? []), d]);
      slots.set(d.id, {
        id: d.id,
        type: d.type,
        model,
        floorKey: floor.key,
        ...(room ? { roomKey: room.key } : {}),
        position: [0, 0, 0],
        yaw: 0,
      });
    } else {
      let z = at[2];
      if (!has(z) || z < floor.elevation || z > floor.elevation + floor.height)
        z = floor.elevation + (model === 'camera' ? floor.height - 0.6 : 1.5);
      slots.set(d.id, {
        id: d.id,
        type: d.type,
        model,
        floorKey: floor.key,
        ...(room ? { roomKey: room.key } : {}),
        position: [at[0], at[1], z],
        yaw: 0,
      });
    }
    if (model === 'breaker') panelOf.set(d.id, placed?.placement.panel ?? room?.key ?? floor.key);
  }

  // Devices with a room but no coordinates: a grid inside the room (or the floor).
  for (const [key, list] of gridded) {
    const room = roomByKey.get(key);
    const floor = floorByKey.get(room?.floorKey ?? key) as LayoutFloor;
    const rect = room?.rect ?? floor.rect;
    const cols = Math.max(1, Math.ceil(Math.sqrt((list.length * rect[2]) / rect[3])));
    const rows = Math.ceil(list.length / cols);
    list.forEach((d, i) => {
      const slot = slots.get(d.id) as DeviceSlot;
      slot.position = [
        rect[0] + ((i % cols) + 0.5) * (rect[2] / cols),
        rect[1] + (Math.floor(i / cols) + 0.5) * (rect[3] / rows),
        floor.elevation + (slot.model === 'camera' ? floor.height - 0.6 : 1.5),
      ];
    });
  }

  // Unplaced devices: their own floor on a grid east of the site.
  if (unplaced.length > 0 && scene.unplaced !== 'hide') {
    const site = unionRect(floors.map((f) => f.rect)) ?? [0, 0, 0, 0];
    const cols = Math.ceil(Math.sqrt(unplaced.length));
    const rect: Rect = [
      site[0] + site[2] + 8,
      site[1],
      cols * GRID_SPACING,
      Math.ceil(unplaced.length / cols) * GRID_SPACING,
    ];
    const floor: LayoutFloor = {
      key: '(unplaced)/(unplaced)',
      buildingId: '(unplaced)',
      buildingName: 'Not placed',
      id: '(unplaced)',
      name: 'Not placed',
      elevation: 0,
      height: FLOOR_HEIGHT,
      rect,
    };
    floors.push(floor);
    unplaced.forEach((d, i) => {
      const model = defaultModel(d.type);
      slots.set(d.id, {
        id: d.id,
        type: d.type,
        model,
        floorKey: floor.key,
        position: [
          rect[0] + ((i % cols) + 0.5) * GRID_SPACING,
          rect[1] + (Math.floor(i / cols) + 0.5) * GRID_SPACING,
          1,
        ],
        yaw: 0,
      });
      if (model === 'breaker') panelOf.set(d.id, floor.key);
    });
  }

  const panels = buildPanels(slots, panelOf, floorByKey);
  for (const slot of slots.values()) {
    if (slot.model !== 'camera') continue;
    const r = slot.roomKey ? roomByKey.get(slot.roomKey)?.rect : floorByKey.get(slot.floorKey)?.rect;
    if (r) slot.yaw = Math.atan2(r[1] + r[3] / 2 - slot.position[1], r[0] + r[2] / 2 - slot.position[0]);
  }

  const links: [string, string][] = [];
  for (const d of devices)
    if (d.gateway !== undefined && slots.has(d.id) && slots.has(d.gateway)) links.push([d.id, d.gateway]);

  const bounds = boundsOf(floors);
  return {
    links,
    site: scene.site.name,
    floors,
    rooms,
    panels,
    slots,
    cameras: scene.cameras && scene.cameras.length > 0 ? scene.cameras : defaultCameras(floors, bounds),
    rules: composeRules((scene.bindings ?? []) as BindingRule[], scene.defaultBindings ?? true),
    bounds,
    source,
  };
}

/** Breakers sharing a panel key hang side by side, PANEL_COLUMNS a row, in a cabinet at their mean position. */
function buildPanels(
  slots: Map<string, DeviceSlot>,
  panelOf: Map<string, string>,
  floors: Map<string, LayoutFloor>,
): LayoutPanel[] {
  const members = new Map<string, DeviceSlot[]>();
  for (const [id, key] of panelOf)
    members.set(key, [...(members.get(key) ?? []), slots.get(id) as DeviceSlot]);
  const panels: LayoutPanel[] = [];
  for (const [key, list] of members) {
    const floor = floors.get(list[0]?.floorKey ?? '') as LayoutFloor;
    const cols = Math.min(PANEL_COLUMNS, list.length);
    const rows = Math.ceil(list.length / PANEL_COLUMNS);
    const width = cols * BREAKER_W + 2 * PANEL_MARGIN;
    const height = rows * BREAKER_H + 2 * PANEL_MARGIN;
    const cx = list.reduce((s, d) => s + d.position[0], 0) / list.length;
    const cy = Math.min(...list.map((d) => d.position[1]));
    const cz = floor.elevation + Math.max(1.4, Math.min(floor.height - height / 2 - 0.2, height / 2 + 0.6));
    panels.push({ key, floorKey: floor.key, center: [cx, cy, cz], width, height });
    const top = cz + height / 2 - PANEL_MARGIN;
    const left = cx - width / 2 + PANEL_MARGIN;
    list.forEach((slot, i) => {
      slot.position = [
        left + ((i % PANEL_COLUMNS) + 0.5) * BREAKER_W,
        cy - 0.08,
        top - (Math.floor(i / PANEL_COLUMNS) + 0.5) * BREAKER_H,
      ];
    });
  }
  return panels;
}

export function unionRect(rects: readonly Rect[]): Rect | undefined {
  if (rects.length === 0) return undefined;
  const x0 = Math.min(...rects.map((r) => r[0]));
  const y0 = Math.min(...rects.map((r) => r[1]));
  const x1 = Math.max(...rects.map((r) => r[0] + r[2]));
  const y1 = Math.max(...rects.map((r) => r[1] + r[3]));
  return [x0, y0, x1 - x0, y1 - y0];
}

function boundsOf(floors: readonly LayoutFloor[]): { min: Vec3; max: Vec3 } {
  const r = unionRect(floors.map((f) => f.rect)) ?? [0, 0, 10, 10];
  const top = Math.max(FLOOR_HEIGHT, ...floors.map((f) => f.elevation + f.height));
  const bottom = Math.min(0, ...floors.map((f) => f.elevation));
  return { min: [r[0], r[1], bottom], max: [r[0] + r[2], r[1] + r[3], top] };
}

/** An overview from the south-west, and a plan view of each floor. */
export function defaultCameras(
  floors: readonly LayoutFloor[],
  bounds: { min: Vec3; max: Vec3 },
): CameraPreset[] {
  const c: Vec3 = [
    (bounds.min[0] + bounds.max[0]) / 2,
    (bounds.min[1] + bounds.max[1]) / 2,
    (bounds.min[2] + bounds.max[2]) / 2,
  ];
  // The whole site in view: its bounding sphere fits the 45° field of view, from the south-west, above.
  const radius =
    Math.hypot(bounds.max[0] - bounds.min[0], bounds.max[1] - bounds.min[1], bounds.max[2] - bounds.min[2]) /
    2;
  const distance = Math.max(8, (0.8 * radius) / Math.sin((22.5 * Math.PI) / 180));
  const [dx, dy, dz] = [-0.3, -1, 0.8].map((v) => v / Math.hypot(0.3, 1, 0.8)) as Vec3;
  const presets: CameraPreset[] = [
    {
      name: 'Overview',
      position: [c[0] + dx * distance, c[1] + dy * distance, c[2] + dz * distance],
      target: c,
    },
  ];
  for (const f of floors) {
    const fc: Vec3 = [f.rect[0] + f.rect[2] / 2, f.rect[1] + f.rect[3] / 2, f.elevation + 1];
    const s = Math.max(f.rect[2], f.rect[3], 6);
    presets.push({
      name: `${f.buildingName} · ${f.name}`,
      position: [fc[0], fc[1] - 0.45 * s, fc[2] + 0.95 * s],
      target: fc,
    });
  }
  return presets;
}
