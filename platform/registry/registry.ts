import type { DeviceType } from '../../twin/index.ts';
import { PlatformError } from '../errors.ts';

export interface DeviceLocation {
  site?: string;
  building?: string;
  floor?: string;
  room?: string;
  /** Metres in the site's frame (the 3D viewer places devices with these). */
  x?: number;
  y?: number;
  z?: number;
}

/** A registered device. `type` is 'generic' for things known only through their shadow. */
export interface DeviceRecord {
  id: string;
  type: DeviceType | 'generic';
  name: string;
  tags: Record<string, string>;
  location?: DeviceLocation;
  /** Topic profile the device speaks (commands go out on it). */
  profile: string;
  fwVersion?: string;
  registeredAt: number;
  registeredBy: 'api' | 'first_contact' | 'restore';
}

export interface DeviceFilter {
  type?: string;
  /** `key:value` or `key` (tag present). */
  tag?: string;
  ids?: readonly string[];
}

export function matchesFilter(
  device: Pick<DeviceRecord, 'id' | 'type' | 'tags'>,
  filter: DeviceFilter,
): boolean {
  if (filter.ids && filter.ids.length > 0 && !filter.ids.includes(device.id)) return false;
  if (filter.type && device.type !== filter.type) return false;
  if (filter.tag) {
    // Split at the first colon only: values may hold colons (MAC addresses, URLs).
    const at = filter.tag.indexOf(':');
    const key = at < 0 ? filter.tag : filter.tag.slice(0, at);
    const value = at < 0 ? undefined : filter.tag.slice(at + 1);
    if (!Object.hasOwn(device.tags, key)) return false;
    if (value !== undefined && device.tags[key] !== value) return false;
  }
  return true;
}

/** The devices the platform knows. In memory; persisted through history by its owner. */
export class Registry {
  readonly #devices = new Map<string, DeviceRecord>();
  readonly #onChange: (d: DeviceRecord) => void;

  constructor(onChange: (d: DeviceRecord) => void = () => undefined) {
    this.#onChange = onChange;
  }

  get size(): number {
    return this.#devices.size;
  }

  get(id: string): DeviceRecord | undefined {
    return this.#devices.get(id);
  }

  require(id: string): DeviceRecord {
    const d = this.#devices.get(id);
    if (!d) {
      throw new PlatformError(
        'UNKNOWN_DEVICE',
        `No device '${id}' is registered. Register it (POST /devices) or let it connect first (registration policy 'auto').`,
      );
    }
    return d;
  }

  list(filter: DeviceFilter = {}): DeviceRecord[] {
    return [...this.#devices.values()].filter((d) => matchesFilter(d, filter));
  }

  /** Adds a device; a second registration of the same id fails unless `replace`. */
  add(record: DeviceRecord, opts: { replace?: boolean; silent?: boolean } = {}): DeviceRecord {
    if (this.#devices.has(record.id) && !opts.replace) {
      throw new PlatformError(
        'DEVICE_EXISTS',
        `Device '${record.id}' is already registered; PATCH /devices/${record.id} changes it.`,
      );
    }
    this.#devices.set(record.id, record);
    if (!opts.silent) this.#onChange(record);
    return record;
  }

  update(
    id: string,
    patch: Partial<Omit<DeviceRecord, 'id' | 'registeredAt' | 'registeredBy'>>,
  ): DeviceRecord {
    const current = this.require(id);
    const next: DeviceRecord = { ...current, ...patch, tags: { ...current.tags, ...patch.tags } };
    this.#devices.set(id, next);
    this.#onChange(next);
    return next;
  }
}
