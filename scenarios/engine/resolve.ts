import { isMac, normalizeDeviceId } from '../../twin/index.ts';
import { SCENARIOS_ERROR_CODES, ScenarioError } from '../errors.ts';
import type { DeviceRef, DeviceSelector } from '../expect/condition.ts';
import type { FleetControl } from './world.ts';

/** A MAC written with separators (twin/'s grammar); 12 bare hex digits could be a serial number, so not those. */
const isWrittenMac = (id: string) => isMac(id) && !/^[0-9a-f]{12}$/i.test(id);

/**
 * The platform id of a device the scenario names: `brk-0001` → `<prefix>brk-0001`; a MAC stays as it is
 * (MACs are their own namespace: fleets on {mac} get a seed per scenario instead); `{fleet, n}` → the
 * fleet's n-th device.
 */
export function resolveDevice(ref: DeviceRef, prefix: string, fleets: FleetControl): string {
  if (typeof ref === 'string') return isWrittenMac(ref) ? (normalizeDeviceId(ref) ?? ref) : `${prefix}${ref}`;
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
