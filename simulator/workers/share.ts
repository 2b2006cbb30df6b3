/**
 * Which devices of a fleet one worker holds: worker `index` of `count` takes the devices whose position
 * in the fleet (spec order, `DeviceIdentity.index`) is `index` modulo `count`. Round robin rather than
 * blocks, because a spec lists its groups one after another: blocks would give one worker all the
 * cameras. Identities and seeds are the whole fleet's, so a device is the same device (same id, same
 * stream) whichever worker, process or machine runs it.
 */
import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';

export interface FleetShare {
  /** 0-based: this worker's position. */
  index: number;
  /** How many workers share the fleet (processes on one machine × machines). */
  count: number;
}

/** Throws TB_ERR_SIMULATOR_BAD_OPTIONS when `share` is not a share (count ≥ 1, 0 ≤ index < count). */
export function checkShare(share: FleetShare): FleetShare {
  const { index, count } = share;
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new SimulatorError(
      SIMULATOR_ERROR_CODES.BAD_OPTIONS,
      `worker count ${count} is not a whole number >= 1: give how many workers share the fleet`,
    );
  }
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
    throw new SimulatorError(
      SIMULATOR_ERROR_CODES.BAD_OPTIONS,
      `worker index ${index} is not one of 0…${count - 1}: each of the ${count} workers takes one index, from 0`,
    );
  }
  return share;
}

/** The items (identities, in fleet order) worker `share.index` of `share.count` holds. */
export function takeShare<T>(items: readonly T[], share: FleetShare | undefined): T[] {
  if (!share || share.count === 1) return [...items];
  checkShare(share);
  return items.filter((_, i) => i % share.count === share.index);
}

/** How many of `total` devices worker `index` of `count` holds. */
export function shareSize(total: number, share: FleetShare): number {
  return Math.max(0, Math.ceil((total - share.index) / share.count));
}

/**
 * A share of a share: machine `outer` (of several) splits its devices over `innerCount` local processes;
 * process `inner` of them holds the same devices as share `outer.index + outer.count × inner` of
 * `outer.count × innerCount` of the whole fleet (i ≡ a mod m and ⌊i/m⌋ ≡ b mod n ⇔ i ≡ a + m·b mod m·n).
 */
export function subShare(outer: FleetShare, inner: number, innerCount: number): FleetShare {
  checkShare(outer);
  checkShare({ index: inner, count: innerCount });
  return { index: outer.index + outer.count * inner, count: outer.count * innerCount };
}

/**
 * The loopback source address of local worker `i` (127.0.0.2, 127.0.0.3 …): one source address offers
 * one port range (~28,000 ports here) towards one broker port, so each worker takes its own. Only for a
 * broker on loopback (a packet from 127.0.0.x cannot reach another host).
 */
export function loopbackSource(i: number): string {
  if (!Number.isSafeInteger(i) || i < 0 || i > 65_000) {
    throw new SimulatorError(SIMULATOR_ERROR_CODES.BAD_OPTIONS, `no loopback source address for worker ${i}`);
  }
  return `127.0.${Math.floor((i + 2) / 256)}.${(i + 2) % 256}`;
}

/** True for a broker host on IPv4 loopback (127.0.0.0/8) or `localhost`. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
