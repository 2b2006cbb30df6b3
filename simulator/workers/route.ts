/**
 * Faults for a fleet split over workers: each worker gets a fault only for devices it holds. An `ids`
 * selector keeps the worker's own ids (a worker with none of them skips the fault); a `count` is split
 * like the devices are (worker i of n takes its share of the count); `type`, `tag` and `fraction` apply
 * in every worker as they are. Ids are checked against the whole fleet first, so a typo is still an error.
 */
import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';
import type { DeviceSelector } from '../fleet/fault-types.ts';
import { shareSize, type FleetShare } from './share.ts';

/** The selector worker `share` runs, or undefined when the fault selects none of its devices. */
export function selectorFor(
  select: DeviceSelector | undefined,
  share: FleetShare,
  idsOfShare: (share: FleetShare) => ReadonlySet<string>,
): DeviceSelector | undefined | 'none' {
  if (!select) return undefined;
  let out: DeviceSelector = select;
  if (select.ids) {
    const mine = idsOfShare(share);
    const ids = select.ids.filter((id) => mine.has(id));
    if (ids.length === 0) return 'none';
    out = { ...out, ids };
  }
  if (select.count !== undefined) {
    const count = shareSize(select.count, share);
    if (count === 0) return 'none';
    out = { ...out, count };
  }
  return out;
}

/** Throws TB_ERR_SIMULATOR_BAD_SELECTOR for ids that no device of the fleet has. */
export function checkIds(select: DeviceSelector | undefined, all: ReadonlySet<string>): void {
  const missing = (select?.ids ?? []).filter((id) => !all.has(id));
  if (missing.length > 0) {
    throw new SimulatorError(
      SIMULATOR_ERROR_CODES.BAD_SELECTOR,
      `Invalid device selector: no device ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''} in the fleet.`,
    );
  }
}
