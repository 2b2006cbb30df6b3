import { SCENARIOS_ERROR_CODES, ScenarioError } from '../errors.ts';
import type { DeviceRef, DeviceSelector } from '../expect/condition.ts';
import type { FleetControl } from './world.ts';

const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;

/**
 * The platform id of a device the scenario names: `brk-0001` → `<prefix>brk-0001`; a MAC stays as it is
 * (MACs are their own namespace: fleets on {mac} get a seed per scenario instead); `{fleet, n}` → the
 * fleet's n-th device.
 */
export function resolveDevice(ref: DeviceRef, prefix: string, fleets: FleetControl): string {
  if (typeof ref === 'string')
    return MAC.test(ref) ? ref.toLowerCase().replace(/-/g, ':') : `${prefix}${ref}`;
  const ids = fleets.deviceIds(ref.fleet);
  const id = ids[ref.n - 1];
  if (id === undefined)
    throw new ScenarioError(
      SCENARIOS_ERROR_CODES.BAD_REFERENCE,
      `fleet ${ref.fleet} has ${ids.length} device(s)${fleets.isRunning(ref.fleet) ? '' : ' (it is not started)'}; there is no device n=${ref.n}`,
    );
  return id;
}

/** The platform ids of a selector: within a fleet (the simulator's selection), or just the ids given. */
export function resolveSelector(sel: DeviceSelector, prefix: string, fleets: FleetControl): string[] {
  const withIds = sel.ids ? { ...sel, ids: sel.ids.map((id) => resolveDevice(id, prefix, fleets)) } : sel;
  if (sel.fleet) return fleets.select(sel.fleet, withIds);
  const others = Object.keys(sel).filter((k) => k !== 'ids');
  if (others.length === 0 && withIds.ids) return withIds.ids;
  return fleets.names().flatMap((f) => (fleets.isRunning(f) ? fleets.select(f, withIds) : []));
}
