/**
 * A plausible site for a fleet's devices, so a 3D viewer has something to draw: buildings side by side,
 * floors 3.5 m apart, each floor a 32 × 12 m plate of eight 8 × 6 m rooms (two rows of four), room 0
 * of every floor being its electrical room. Coordinates are metres, x east, y north, z up.
 */
import type { Faker } from '@faker-js/faker';

export interface Room {
  building: string;
  floor: string;
  /** 0 = ground. */
  level: number;
  name: string;
  /** South-west corner at floor level, m. */
  x: number;
  y: number;
  z: number;
}

export const ROOM_W = 8;
export const ROOM_D = 6;
export const FLOOR_HEIGHT = 3.5;
const ROOMS_PER_FLOOR = 8;
const MAX_FLOORS = 6;
const BUILDING_GAP = 20;
/** Devices a room holds on average; the site grows with the fleet. */
const DEVICES_PER_ROOM = 6;

const ROOM_KINDS = [
  'Office',
  'Meeting Room',
  'Lab',
  'Kitchen',
  'Storage',
  'Lounge',
  'Workshop',
  'Server Room',
  'Lobby',
  'Corridor',
];

export interface SiteLayout {
  /** Every room, electrical rooms included. */
  rooms: readonly Room[];
  /** The electrical room of each floor (breakers hang in its panel). */
  electrical: readonly Room[];
  /** Rooms people use (sensors and cameras). */
  occupied: readonly Room[];
}

function floorName(level: number): string {
  return level === 0 ? 'G' : `L${level}`;
}

/** The layout for `deviceCount` devices; `faker` must be seeded by the caller (deterministic names). */
export function buildSiteLayout(deviceCount: number, faker: Faker): SiteLayout {
  const floorsNeeded = Math.max(1, Math.ceil(deviceCount / DEVICES_PER_ROOM / ROOMS_PER_FLOOR));
  const buildings = Math.max(1, Math.ceil(floorsNeeded / MAX_FLOORS));
  const floorsEach = Math.ceil(floorsNeeded / buildings);
  const rooms: Room[] = [];
  const electrical: Room[] = [];
  const occupied: Room[] = [];
  for (let b = 0; b < buildings; b++) {
    const building = `${String.fromCharCode(65 + (b % 26))}${b >= 26 ? Math.floor(b / 26) : ''} · ${faker.location.street()}`;
    const bx = b * (4 * ROOM_W + BUILDING_GAP);
    for (let level = 0; level < floorsEach; level++) {
      for (let r = 0; r < ROOMS_PER_FLOOR; r++) {
        const kind =
          r === 0 ? 'Electrical' : level === 0 && r === 1 ? 'Lobby' : faker.helpers.arrayElement(ROOM_KINDS);
        const room: Room = {
          building,
          floor: floorName(level),
          level,
          name: `${kind} ${level}.${String(r + 1).padStart(2, '0')}`,
          x: bx + (r % 4) * ROOM_W,
          y: Math.floor(r / 4) * ROOM_D,
          z: level * FLOOR_HEIGHT,
        };
        rooms.push(room);
        (r === 0 ? electrical : occupied).push(room);
      }
    }
  }
  return { rooms, electrical, occupied };
}

/** The rooms people use on floor `floor` ('G', 'L1', …) of the first building that has it. */
export function occupiedRoomsOn(layout: SiteLayout, floor: string): Room[] {
  const first = layout.occupied.find((r) => r.floor === floor);
  return first ? layout.occupied.filter((r) => r.floor === floor && r.building === first.building) : [];
}
