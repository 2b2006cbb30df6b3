/**
 * Turning a fleet's identities into devices when it has gateways: gateways are connected devices that
 * carry children; children are `ChildDevice`s dealt out to the gateways of their entry in order.
 */
import type { DeviceContext } from '../device/device-context.ts';
import { VirtualDevice, type DeviceSettings } from '../device/virtual-device.ts';
import type { DeviceIdentity } from '../fleet/identities.ts';
import type { AnyDeviceModel, GatewayModel } from '../models/index.ts';
import { shareSize, takeShare, type FleetShare } from '../workers/share.ts';
import { ChildDevice } from './child-device.ts';
import { GatewayDevice } from './gateway-device.ts';
import type { GatewayPlan } from './spec.ts';

/** A device of a running fleet: with its own connection, or a child behind a gateway. */
export type FleetDevice = VirtualDevice | ChildDevice;

export function isChild(d: FleetDevice): d is ChildDevice {
  return d instanceof ChildDevice;
}

/**
 * A worker's share of a fleet with gateways: devices with a connection of their own are shared round
 * robin (as without gateways); a child goes wherever its gateway goes.
 */
export function shareWithGateways(
  all: readonly DeviceIdentity[],
  plans: readonly GatewayPlan[],
  share: FleetShare | undefined,
): DeviceIdentity[] {
  if (!share || share.count === 1 || plans.length === 0) return takeShare(all, share);
  const childGroups = new Map(plans.map((p) => [p.childGroup, p]));
  const own = takeShare(
    all.filter((id) => !childGroups.has(id.groupIndex)),
    share,
  );
  const kept = new Set(own.map((id) => id.index));
  const gatewaysOf = gatewayIndexes(all, plans);
  return all.filter((id) => kept.has(id.index) || kept.has(gatewaysOf.get(id.index) ?? -1));
}

/**
 * How many devices worker `share` holds (`shareWithGateways` without building identities), and how many
 * of them have a connection (a socket) of their own: devices of plain groups and gateways; children ride
 * on their gateway's. `groups` is the expanded spec's (expandGateways).
 */
export function shareCounts(
  groups: readonly { count: number }[],
  plans: readonly GatewayPlan[],
  share: FleetShare | undefined,
): { devices: number; connections: number } {
  const s = share ?? { index: 0, count: 1 };
  const children = new Set(plans.map((p) => p.childGroup));
  let offset = 0; // position in the fleet's connected devices, which are shared round robin
  let devices = 0;
  let connections = 0;
  groups.forEach((g, i) => {
    if (children.has(i)) return;
    const mine = shareSize(offset + g.count, s) - shareSize(offset, s);
    offset += g.count;
    connections += mine;
    devices += mine * (1 + (plans.find((p) => p.gatewayGroup === i)?.childrenPerGateway ?? 0));
  });
  return { devices, connections };
}

/** Child fleet index → its gateway's fleet index. */
function gatewayIndexes(all: readonly DeviceIdentity[], plans: readonly GatewayPlan[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const p of plans) {
    const gateways = all.filter((id) => id.groupIndex === p.gatewayGroup);
    all
      .filter((id) => id.groupIndex === p.childGroup)
      .forEach((child, k) => {
        const gw = gateways[Math.floor(k / p.childrenPerGateway)];
        if (gw) out.set(child.index, gw.index);
      });
  }
  return out;
}

/**
 * The devices of `identities` (a whole fleet or a worker's share, in fleet order): gateways adopt their
 * children. `all` is the whole fleet's identities (which child belongs to which gateway).
 */
export function buildDevices(
  all: readonly DeviceIdentity[],
  identities: readonly DeviceIdentity[],
  plans: readonly GatewayPlan[],
  model: (id: DeviceIdentity) => AnyDeviceModel,
  settings: readonly DeviceSettings[],
  ctx: DeviceContext,
): { devices: FleetDevice[]; linked: VirtualDevice[]; children: ChildDevice[] } {
  const byGatewayGroup = new Map(plans.map((p) => [p.gatewayGroup, p]));
  const byChildGroup = new Map(plans.map((p) => [p.childGroup, p]));
  const gatewaysOf = gatewayIndexes(all, plans);
  const gateways = new Map<number, GatewayDevice>();
  const devices: FleetDevice[] = [];
  const linked: VirtualDevice[] = [];
  const children: ChildDevice[] = [];
  for (const id of identities) {
    const set = settings[id.groupIndex] as DeviceSettings;
    const gwPlan = byGatewayGroup.get(id.groupIndex);
    if (gwPlan) {
      const gw = new GatewayDevice(id, model(id) as GatewayModel, set, ctx, gwPlan);
      gateways.set(id.index, gw);
      devices.push(gw);
      linked.push(gw);
      continue;
    }
    const childPlan = byChildGroup.get(id.groupIndex);
    if (!childPlan) {
      const d = new VirtualDevice(id, model(id), set, ctx);
      devices.push(d);
      linked.push(d);
      continue;
    }
    const gw = gateways.get(gatewaysOf.get(id.index) ?? -1);
    if (!gw) continue; // its gateway is another worker's
    const child = new ChildDevice(id, model(id), set, gw, childPlan.radio);
    gw.adopt(child);
    devices.push(child);
    children.push(child);
  }
  return { devices, linked, children };
}
