import { matchesSelector, type DeviceRecord, type DeviceSelector } from '../../twin/index.ts';
import { PlatformError } from '../errors.ts';

export type { DeviceRecord };

/** What a device list or the stream may be filtered by: twin's selector without the sampling. */
export type DeviceFilter = Pick<DeviceSelector, 'ids' | 'type' | 'tag'>;

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
    return [...this.#devices.values()].filter((d) => matchesSelector(d, filter));
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
