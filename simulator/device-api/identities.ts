/**
 * Seeded identities for devices created one at a time (a load test's virtual users): the fleet's own
 * `buildIdentities`, run on blocks of BLOCK devices of one type and cached, so device n of a load gets
 * the same name, serial, MAC, firmware and place on every run with the same seed, at the cost of one
 * faker pass per block rather than one per device.
 */
import { derive } from '../models/index.ts';
import { buildIdentities, type DeviceIdentity } from '../fleet/identities.ts';
import { TYPE_SHORT } from '../fleet/spec.ts';
import type { DeviceType } from '../../twin/index.ts';

/** Devices per identity block. */
export const BLOCK = 256;
/** Blocks kept in memory (the oldest go first). */
const MAX_BLOCKS = 64;

const blocks = new Map<string, DeviceIdentity[]>();

/** `<prefix>-<short type>-<n, 5 digits>` with n = index + 1. */
export function loadDeviceId(prefix: string, type: DeviceType, index: number): string {
  const short = (TYPE_SHORT as Record<string, string | undefined>)[type] ?? type;
  return `${prefix}-${short}-${String(index + 1).padStart(5, '0')}`;
}

/** The identity of device `index` (0-based) of `type` in a load with `seed` on `site`. */
export function loadIdentity(o: {
  seed: number;
  site: string;
  type: DeviceType;
  index: number;
  idPrefix: string;
  tags: Record<string, string>;
}): DeviceIdentity {
  const b = Math.floor(o.index / BLOCK);
  const key = `${o.seed}|${o.site}|${o.type}|${b}`;
  let block = blocks.get(key);
  if (!block) {
    block = buildIdentities({
      name: 'load',
      seed: derive(o.seed, b),
      site: o.site,
      groups: [{ type: o.type, name: 'load', count: BLOCK, idPattern: 'load-{n}' }],
    });
    blocks.set(key, block);
    if (blocks.size > MAX_BLOCKS) blocks.delete(blocks.keys().next().value as string);
  }
  const base = block[o.index % BLOCK] as DeviceIdentity;
  return {
    ...base,
    id: loadDeviceId(o.idPrefix, o.type, o.index),
    index: o.index,
    tags: { ...base.tags, ...o.tags },
  };
}
