/**
 * Who each device is: id, name, serial number, MAC address, firmware, product model, where it hangs.
 * Drawn with @faker-js/faker seeded per device (`derive(seed, index)`), so device 17 of a fleet is the
 * same device whatever else changes later in the spec, and two runs with one seed agree.
 */
import { siteFaker as faker } from './site-faker.ts';
import { deviceTypeShort, type DeviceType, type Location } from '../../twin/index.ts';
import { derive, hashSeed } from '../models/index.ts';
import { expandIdPattern } from './id-pattern.ts';
import { buildSiteLayout, FLOOR_HEIGHT, ROOM_D, ROOM_W, type Room, type SiteLayout } from './site-layout.ts';
import { DEFAULT_SEED, DEFAULT_SITE, type FleetGroup, type FleetSpec } from './spec.ts';

/**
 * Where a device is: what the platform keeps as `location` (status birth key `location`); twin's
 * `Location` with every field given. x east, y north, z up from the ground floor, metres.
 */
export type DeviceLocation = Required<Location>;

export interface DeviceIdentity {
  id: string;
  /** Position in the fleet (0-based, spec order): the device's seed is `derive(fleetSeed, index)`. */
  index: number;
  /** A built-in type or one loaded from a device-type file. */
  type: string;
  /** Index of the spec group it comes from. */
  groupIndex: number;
  name: string;
  serial: string;
  /** aa:bb:cc:dd:ee:ff */
  mac: string;
  fwVersion: string;
  /** Product model, e.g. 'TB-SB3-16C'. */
  model: string;
  location: DeviceLocation;
  tags: Record<string, string>;
  /** Seed of the device's model and of its misbehaviour. */
  seed: number;
}

const SERIAL_PREFIX: Record<DeviceType, string> & Partial<Record<string, string>> = {
  smart_breaker: 'SB',
  env_sensor: 'ES',
  camera: 'IC',
  gateway: 'GW',
};
const CIRCUITS = [
  'Lighting',
  'Sockets',
  'HVAC',
  'Kitchen',
  'Server rack',
  'EV charger',
  'Elevator',
  'Pumps',
  'Heating',
  'Workshop',
];
const FACING = ['north', 'south', 'east', 'west'];
/** Modules per panel row (18 mm DIN modules) and rows 15 cm apart. */
const PANEL_ROW = 24;

const cm = (m: number) => Math.round(m * 100) / 100;

/** Firmware versions in the field per type: most devices current, some one or two releases behind. */
function firmwareCatalog(seed: number, type: string): [string, string, string] {
  faker.seed(derive(hashSeed(`fw:${type}`), seed));
  const major = faker.number.int({ min: 1, max: 4 });
  const minor = faker.number.int({ min: 2, max: 9 });
  return [
    `${major}.${minor}.${faker.number.int({ min: 0, max: 12 })}`,
    `${major}.${minor - 1}.${faker.number.int({ min: 0, max: 20 })}`,
    `${major}.${minor - 2}.${faker.number.int({ min: 0, max: 20 })}`,
  ];
}

function productModel(group: FleetGroup): string {
  const o = group.options ?? {};
  if (group.type === 'smart_breaker')
    return `TB-SB3-${Number(o.ratedCurrentA ?? 16)}${String(o.curve ?? 'C')}`;
  if (group.type === 'camera') return 'TB-CAM4K';
  if (group.type === 'env_sensor') return 'TB-ENV1';
  return `TB-${deviceTypeShort(group.type).toUpperCase()}1`;
}

function place(type: string, k: number, layout: SiteLayout): { room: Room; x: number; y: number; z: number } {
  if (type === 'smart_breaker') {
    const panels = layout.electrical;
    const room = panels[k % panels.length] as Room;
    const slot = Math.floor(k / panels.length);
    return {
      room,
      x: room.x + 0.5 + (slot % PANEL_ROW) * 0.018,
      y: room.y + 0.1,
      z: room.z + 1.2 + (Math.floor(slot / PANEL_ROW) % 10) * 0.15,
    };
  }
  const room = faker.helpers.arrayElement(layout.occupied as Room[]);
  if (type === 'camera') {
    const east = faker.datatype.boolean();
    const north = faker.datatype.boolean();
    return {
      room,
      x: room.x + (east ? ROOM_W - 0.3 : 0.3),
      y: room.y + (north ? ROOM_D - 0.3 : 0.3),
      z: room.z + FLOOR_HEIGHT - 0.7,
    };
  }
  return {
    room,
    x: room.x + faker.number.float({ min: 0.5, max: ROOM_W - 0.5 }),
    y: room.y + faker.number.float({ min: 0.5, max: ROOM_D - 0.5 }),
    z: room.z + faker.number.float({ min: 1.2, max: 2.2 }),
  };
}

function deviceName(type: string, room: Room, k: number): string {
  if (type === 'smart_breaker')
    return `Breaker ${room.floor}-${String(k + 1).padStart(3, '0')} ${faker.helpers.arrayElement(CIRCUITS)}`;
  if (type === 'camera') return `Camera ${room.name} ${faker.helpers.arrayElement(FACING)}`;
  if (type === 'env_sensor') return `Env sensor ${room.name}`;
  return `${type.replaceAll('_', ' ')} ${room.name}`;
}

/** The identities of every device of `spec`, in spec order (ids are the spec's id patterns). */
export function buildIdentities(spec: FleetSpec): DeviceIdentity[] {
  const seed = spec.seed ?? DEFAULT_SEED;
  const site = spec.site ?? DEFAULT_SITE;
  const total = spec.groups.reduce((n, g) => n + g.count, 0);
  faker.seed(hashSeed(`site:${seed}:${site}`));
  const layout = buildSiteLayout(total, faker);
  const usesMac =
    spec.profile === 'devices-mac' ||
    (typeof spec.profile === 'object' && spec.profile.telemetry.includes('{mac}'));
  const catalogs = new Map<string, [string, string, string]>();
  const perPattern = new Map<string, number>();
  const perType: Partial<Record<string, number>> = {};
  const macs = new Set<string>();
  const out: DeviceIdentity[] = [];
  spec.groups.forEach((group, groupIndex) => {
    const type = group.type;
    const catalog = catalogs.get(type) ?? firmwareCatalog(seed, type);
    catalogs.set(type, catalog);
    const pattern = group.idPattern ?? (usesMac ? '{mac}' : `${deviceTypeShort(type)}-{n:04}`);
    const model = productModel(group);
    const tags = { group: group.name ?? type, ...group.tags };
    const fixedFw = typeof group.options?.fwVersion === 'string' ? group.options.fwVersion : undefined;
    for (let j = 0; j < group.count; j++) {
      const index = out.length;
      const k = perPattern.get(pattern) ?? 0; // {n} counts the devices of one pattern, fleet-wide
      perPattern.set(pattern, k + 1);
      const slot = perType[type] ?? 0; // where it hangs: breakers fill the floors' panels in turn
      perType[type] = slot + 1;
      const deviceSeed = derive(seed, index);
      faker.seed(derive(deviceSeed, 101));
      let mac = faker.internet.mac();
      while (macs.has(mac)) mac = faker.internet.mac();
      macs.add(mac);
      const serial = `${SERIAL_PREFIX[type] ?? 'TB'}${faker.number.int({ min: 21, max: 25 })}-${faker.string.numeric(7)}`;
      const roll = faker.number.float({ min: 0, max: 1 });
      const fwVersion = fixedFw ?? (roll < 0.8 ? catalog[0] : roll < 0.95 ? catalog[1] : catalog[2]);
      const { room, x, y, z } = place(type, slot, layout);
      out.push({
        id: expandIdPattern(pattern, k + 1, mac),
        index,
        type,
        groupIndex,
        name: deviceName(type, room, slot),
        serial,
        mac,
        fwVersion,
        model,
        location: {
          site,
          building: room.building,
          floor: room.floor,
          room: room.name,
          x: cm(x),
          y: cm(y),
          z: cm(z),
        },
        tags,
        seed: deviceSeed,
      });
    }
  });
  return out;
}
