import { matchesSelector, type DeviceRecord, type DeviceSelector } from '../../twin/index.ts';
import { PlatformError } from '../errors.ts';
import { StringPool } from '../twins/intern.ts';

export type { DeviceRecord };

/** What a device list or the stream may be filtered by: twin's selector without the sampling. */
export type DeviceFilter = Pick<DeviceSelector, 'ids' | 'type' | 'tag'>;

/** A device without tags: one shared, frozen object instead of an empty one per twin. */
const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The devices the platform knows, in registration order (a device's place, its slot, never changes:
 * devices are not removed). In memory; persisted through history by its owner. Records are stored with
 * their short strings interned (types, profiles, locations, tags, firmware versions), so 100,000 twins
 * of a few types and sites hold one copy of each.
 */
export class Registry {
  readonly #slots = new Map<string, number>();
  readonly #records: DeviceRecord[] = [];
  readonly #onChange: (d: DeviceRecord) => void;
  readonly #pool: StringPool;

  constructor(onChange: (d: DeviceRecord) => void = () => undefined, pool = new StringPool()) {
    this.#onChange = onChange;
    this.#pool = pool;
  }

  get size(): number {
    return this.#records.length;
  }

  get(id: string): DeviceRecord | undefined {
    const slot = this.#slots.get(id);
    return slot === undefined ? undefined : this.#records[slot];
  }

  require(id: string): DeviceRecord {
    const d = this.get(id);
    if (!d) {
      throw new PlatformError(
        'UNKNOWN_DEVICE',
        `No device '${id}' is registered. Register it (POST /devices) or let it connect first (registration policy 'auto').`,
      );
    }
    return d;
  }

  list(filter: DeviceFilter = {}): DeviceRecord[] {
    return this.#records.filter((d) => matchesSelector(d, filter));
  }

  /**
   * Visits devices in registration order from slot `from` until `visit` returns false; returns the slot
   * after the last one visited (`size` when it went through all).
   */
  scan(from: number, visit: (d: DeviceRecord) => boolean): number {
    const records = this.#records;
    for (let slot = from; slot < records.length; slot++) {
      if (!visit(records[slot] as DeviceRecord)) return slot + 1;
    }
    return records.length;
  }

  /** Adds a device; a second registration of the same id fails unless `replace`. */
  add(record: DeviceRecord, opts: { replace?: boolean; silent?: boolean } = {}): DeviceRecord {
    const slot = this.#slots.get(record.id);
    if (slot !== undefined && !opts.replace) {
      throw new PlatformError(
        'DEVICE_EXISTS',
        `Device '${record.id}' is already registered; PATCH /devices/${record.id} changes it.`,
      );
    }
    const stored = this.#compact(record);
    if (slot === undefined) {
      this.#slots.set(stored.id, this.#records.length);
      this.#records.push(stored);
    } else this.#records[slot] = stored;
    if (!opts.silent) this.#onChange(stored);
    return stored;
  }

  update(
    id: string,
    patch: Partial<Omit<DeviceRecord, 'id' | 'registeredAt' | 'registeredBy'>>,
  ): DeviceRecord {
    const current = this.require(id);
    const next = this.#compact({ ...current, ...patch, tags: { ...current.tags, ...patch.tags } });
    this.#records[this.#slots.get(id) as number] = next;
    this.#onChange(next);
    return next;
  }

  /**
   * The record as stored: the same fields in the same order (so every record shares V8's hidden
   * class), its short strings interned, and a name equal to the id kept as the id itself.
   */
  #compact(r: DeviceRecord): DeviceRecord {
    const p = this.#pool;
    const tagKeys = Object.keys(r.tags);
    let tags = NO_TAGS;
    if (tagKeys.length > 0) {
      const t: Record<string, string> = {};
      for (const k of tagKeys) t[p.intern(k)] = p.intern(r.tags[k] as string);
      tags = t;
    }
    const out: DeviceRecord = {
      id: r.id,
      type: p.intern(r.type),
      name: r.name === r.id ? r.id : r.name,
      tags,
    } as DeviceRecord;
    if (r.location) {
      const l = r.location;
      const loc: NonNullable<DeviceRecord['location']> = {};
      for (const k of Object.keys(l) as (keyof typeof l)[]) {
        const v = l[k];
        if (v !== undefined) (loc as Record<string, unknown>)[k] = typeof v === 'string' ? p.intern(v) : v;
      }
      out.location = loc;
    }
    out.profile = p.intern(r.profile);
    if (r.fwVersion !== undefined) out.fwVersion = p.intern(r.fwVersion);
    out.registeredAt = r.registeredAt;
    out.registeredBy = r.registeredBy;
    // Fields a newer contract adds (e.g. a gateway) are kept as given.
    for (const k of Object.keys(r) as (keyof DeviceRecord)[]) {
      if (!(k in out) && r[k] !== undefined) (out as Record<string, unknown>)[k] = r[k];
    }
    return out;
  }
}
