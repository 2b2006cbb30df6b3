import type { DeviceRecord } from '../registry/registry.ts';

/**
 * Which children each gateway has, kept from the registry's records (`gateway` on a child) so that a
 * gateway's liveness change and `GET /devices/{gw}/children` do not scan every device.
 */
export class ChildIndex {
  readonly #children = new Map<string, Set<string>>();
  readonly #gatewayOf = new Map<string, string>();

  constructor(devices: Iterable<DeviceRecord> = []) {
    for (const d of devices) this.follow(d);
  }

  /** A device record changed (or was restored): move the child to the gateway it names. */
  follow(device: DeviceRecord): void {
    const before = this.#gatewayOf.get(device.id);
    if (before === device.gateway) return;
    if (before !== undefined) {
      const set = this.#children.get(before);
      set?.delete(device.id);
      if (set?.size === 0) this.#children.delete(before);
      this.#gatewayOf.delete(device.id);
    }
    if (device.gateway === undefined) return;
    this.#gatewayOf.set(device.id, device.gateway);
    let set = this.#children.get(device.gateway);
    if (!set) this.#children.set(device.gateway, (set = new Set()));
    set.add(device.id);
  }

  isGateway(id: string): boolean {
    return this.#children.has(id);
  }

  /** The children now behind `gatewayId`, in the order they first joined. */
  childrenOf(gatewayId: string): string[] {
    return [...(this.#children.get(gatewayId) ?? [])];
  }
}
