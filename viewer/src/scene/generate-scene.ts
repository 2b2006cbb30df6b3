/**
 * A scene from the registry alone, for fleets nobody has drawn: buildings, floors and rooms come from the
 * devices' `location` (building, floor, room, x, y, z), rooms are the outline of their devices snapped
 * out to a 1 m grid, floors stack 3.5 m apart. `twinbench demo` shows its building this way.
 */
import type { DeviceRecord } from '../api/wire.ts';
import type { SceneBuilding, SceneFile, SceneFloor } from './scene-schema.ts';

export const FLOOR_HEIGHT = 3.5;
const GRID = 1;
const MIN_ROOM = 2;
const ROOM_WITHOUT_COORDINATES = 6;
const BUILDING_GAP = 10;

interface RoomAcc {
  id: string;
  points: [number, number][];
  count: number;
}

interface FloorAcc {
  id: string;
  zs: number[];
  rooms: Map<string, RoomAcc>;
}

interface BuildingAcc {
  id: string;
  floors: Map<string, FloorAcc>;
  hasCoordinates: boolean;
}

const has = (n: number | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

export function generateScene(devices: readonly DeviceRecord[], siteName?: string): SceneFile {
  const buildings = new Map<string, BuildingAcc>();
  let site = siteName;
  for (const d of devices) {
    const loc = d.location;
    if (!loc) continue;
    site ??= loc.site;
    const located = has(loc.x) && has(loc.y);
    if (!loc.building && !loc.floor && !located) continue; // nothing to place it by: unplaced
    const bId = loc.building ?? 'Site';
    const fId = loc.floor ?? (has(loc.z) ? `Level ${Math.floor(loc.z / FLOOR_HEIGHT)}` : 'Floor');
    const b = buildings.get(bId) ?? { id: bId, floors: new Map(), hasCoordinates: false };
    buildings.set(bId, b);
    const f = b.floors.get(fId) ?? { id: fId, zs: [], rooms: new Map() };
    b.floors.set(fId, f);
    if (has(loc.z)) f.zs.push(loc.z);
    if (located) b.hasCoordinates = true;
    const rId = loc.room ?? (located ? undefined : 'Room');
    if (rId === undefined) continue;
    const r = f.rooms.get(rId) ?? { id: rId, points: [], count: 0 };
    f.rooms.set(rId, r);
    r.count++;
    if (located) r.points.push([loc.x as number, loc.y as number]);
  }

  const out: SceneBuilding[] = [];
  let cursorX = 0;
  for (const b of buildings.values()) {
    const floors = [...b.floors.values()].sort(
      (a, c) => median(a.zs) - median(c.zs) || a.id.localeCompare(c.id, undefined, { numeric: true }),
    );
    const offsetX = b.hasCoordinates ? 0 : cursorX;
    let elevation = Number.NEGATIVE_INFINITY;
    const sceneFloors: SceneFloor[] = floors.map((f, i) => {
      const fromZ =
        f.zs.length > 0 ? Math.floor(Math.min(...f.zs) / FLOOR_HEIGHT) * FLOOR_HEIGHT : i * FLOOR_HEIGHT;
      elevation = Math.max(fromZ, elevation + FLOOR_HEIGHT);
      let rowX = offsetX;
      const noCoordinates = new Set(
        [...f.rooms.values()].filter((r) => r.points.length === 0).map((r) => r.id),
      );
      const rooms = [...f.rooms.values()].map((r) => {
        if (r.points.length === 0) {
          const side = Math.max(ROOM_WITHOUT_COORDINATES, Math.ceil(Math.sqrt(r.count)) * 1.5);
          const rect: [number, number, number, number] = [rowX, -side - 2, side, side];
          rowX += side;
          return { id: r.id, rect };
        }
        return { id: r.id, rect: snappedRect(r.points) };
      });
      growRooms(rooms.filter((r) => !noCoordinates.has(r.id)).map((r) => r.rect));
      return { id: f.id, elevation, rooms };
    });
    out.push({ id: b.id, floors: sceneFloors });
    cursorX =
      Math.max(cursorX, ...sceneFloors.flatMap((f) => f.rooms.map((r) => r.rect[0] + r.rect[2]))) +
      BUILDING_GAP;
  }
  return { site: { name: site ?? 'site' }, buildings: out };
}

const overlaps = (a: readonly number[], b: readonly number[]) =>
  (a[0] as number) < (b[0] as number) + (b[2] as number) &&
  (b[0] as number) < (a[0] as number) + (a[2] as number) &&
  (a[1] as number) < (b[1] as number) + (b[3] as number) &&
  (b[1] as number) < (a[1] as number) + (a[3] as number);

/**
 * Rooms known only by their devices are smaller than the rooms: each grows a grid step at a time, in turn,
 * towards every side, while it stays inside the floor's outline and overlaps no other room, so the plan
 * fills the floor. Mutates the rects.
 */
export function growRooms(rects: [number, number, number, number][]): void {
  if (rects.length === 0) return;
  const x0 = Math.min(...rects.map((r) => r[0]));
  const y0 = Math.min(...rects.map((r) => r[1]));
  const x1 = Math.max(...rects.map((r) => r[0] + r[2]));
  const y1 = Math.max(...rects.map((r) => r[1] + r[3]));
  const steps: [number, number, number, number][] = [
    [-GRID, 0, GRID, 0],
    [0, 0, GRID, 0],
    [0, -GRID, 0, GRID],
    [0, 0, 0, GRID],
  ];
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rects) {
      for (const [dx, dy, dw, dd] of steps) {
        const next: [number, number, number, number] = [r[0] + dx, r[1] + dy, r[2] + dw, r[3] + dd];
        if (next[0] < x0 || next[1] < y0 || next[0] + next[2] > x1 || next[1] + next[3] > y1) continue;
        if (rects.some((o) => o !== r && overlaps(next, o))) continue;
        r.splice(0, 4, ...next);
        grew = true;
      }
    }
  }
}

/** The bounding box of `points`, snapped outward to the grid, at least MIN_ROOM on a side. */
export function snappedRect(points: readonly [number, number][]): [number, number, number, number] {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  let x0 = Math.floor(Math.min(...xs) / GRID) * GRID;
  const y0 = Math.floor(Math.min(...ys) / GRID) * GRID;
  let x1 = Math.ceil(Math.max(...xs) / GRID) * GRID;
  let y1 = Math.ceil(Math.max(...ys) / GRID) * GRID;
  if (x1 - x0 < MIN_ROOM) {
    const grow = (MIN_ROOM - (x1 - x0)) / 2;
    x0 -= grow;
    x1 += grow;
  }
  if (y1 - y0 < MIN_ROOM) y1 = y0 + MIN_ROOM;
  return [x0, y0, x1 - x0, y1 - y0];
}
