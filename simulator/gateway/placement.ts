/**
 * Gateway entries with a `floor`: their gateways and children are moved onto that floor of the site (the
 * same layout identities.ts builds, rebuilt from the same seed), the gateways on the ceiling of a room
 * each, the children spread over the floor's rooms. Deterministic: positions come from the device seeds.
 */
import { siteFaker as faker } from '../fleet/site-faker.ts';
import type { DeviceIdentity } from '../fleet/identities.ts';
import {
  buildSiteLayout,
  occupiedRoomsOn,
  FLOOR_HEIGHT,
  ROOM_D,
  ROOM_W,
  type Room,
} from '../fleet/site-layout.ts';
import { DEFAULT_SEED, DEFAULT_SITE, type FleetSpec } from '../fleet/spec.ts';
import { Rng, derive, hashSeed } from '../models/index.ts';
import type { GatewayPlan } from './spec.ts';

const cm = (m: number) => Math.round(m * 100) / 100;

function at(id: DeviceIdentity, room: Room, x: number, y: number, z: number, name: string): DeviceIdentity {
  return {
    ...id,
    name,
    location: {
      ...id.location,
      building: room.building,
      floor: room.floor,
      room: room.name,
      x: cm(room.x + x),
      y: cm(room.y + y),
      z: cm(room.z + z),
    },
  };
}

/** `all` with the devices of floor-bound gateway entries moved onto their floor (others unchanged). */
export function placeOnFloors(
  all: readonly DeviceIdentity[],
  plans: readonly GatewayPlan[],
  spec: FleetSpec,
): DeviceIdentity[] {
  if (!plans.some((p) => p.floor !== undefined)) return [...all];
  // The same layout buildIdentities drew: the same seed, site and device count.
  faker.seed(hashSeed(`site:${spec.seed ?? DEFAULT_SEED}:${spec.site ?? DEFAULT_SITE}`));
  const layout = buildSiteLayout(all.length, faker);
  const out = [...all];
  for (const plan of plans) {
    if (plan.floor === undefined) continue;
    const rooms = occupiedRoomsOn(layout, plan.floor);
    if (rooms.length === 0) continue; // a floor the site does not have: leave them where they are
    let g = 0;
    let c = 0;
    out.forEach((id, i) => {
      const rng = new Rng(derive(id.seed, 77));
      if (id.groupIndex === plan.gatewayGroup) {
        const room = rooms[(g++ * 3) % rooms.length] as Room;
        out[i] = at(id, room, ROOM_W / 2, ROOM_D / 2, FLOOR_HEIGHT - 0.3, `Gateway ${room.name}`);
      } else if (id.groupIndex === plan.childGroup) {
        const room = rooms[c++ % rooms.length] as Room;
        const x = rng.uniform(0.5, ROOM_W - 0.5);
        const y = rng.uniform(0.5, ROOM_D - 0.5);
        const label = id.type === 'env_sensor' ? 'Battery sensor' : id.type;
        out[i] = at(id, room, x, y, rng.uniform(1.2, 2.2), `${label} ${room.name}`);
      }
    });
  }
  return out;
}
