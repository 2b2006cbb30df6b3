import { GENERIC_DEVICE_TYPE, matchesSelector, type SelectableDevice } from '../../twin/index.ts';
import type { DeviceFilter } from '../registry/registry.ts';
import type { TwinChange } from './changes.ts';
import type { TwinStore } from './twin-store.ts';

export interface StreamFilter extends DeviceFilter {
  kinds?: readonly TwinChange['kind'][];
}

interface Subscriber {
  filter: StreamFilter;
  /** `filter.ids` as a set: a viewer or bench watching hundreds of devices checks each change in O(1). */
  ids: ReadonlySet<string> | undefined;
  send: (text: string) => void;
  pending: TwinChange[];
}

/**
 * Fans twin changes out to WebSocket clients, each with its own filter. Changes are sent as JSON
 * arrays: everything that arrived in one turn of the event loop goes in one frame (flushed on
 * setImmediate), so an idle platform answers at once and 20 000 changes/s cost far fewer frames.
 * The interval flush is only a safety net.
 */
export class StreamHub {
  readonly #subs = new Set<Subscriber>();
  readonly #store: TwinStore;
  readonly #timer: NodeJS.Timeout;
  readonly #maxPending: number;
  #scheduled = false;
  dropped = 0;

  constructor(store: TwinStore, flushIntervalMs: number, maxPending = 100_000) {
    this.#store = store;
    this.#maxPending = maxPending;
    store.bus.on((c) => this.#offer(c));
    this.#timer = setInterval(() => this.flush(), flushIntervalMs);
    this.#timer.unref();
  }

  get size(): number {
    return this.#subs.size;
  }

  subscribe(filter: StreamFilter, send: (text: string) => void): () => void {
    const { ids: list, ...rest } = filter;
    const ids = list && list.length > 0 ? new Set(list) : undefined;
    const sub: Subscriber = { filter: rest, ids, send, pending: [] };
    this.#subs.add(sub);
    return () => this.#subs.delete(sub);
  }

  #offer(change: TwinChange): void {
    if (this.#subs.size === 0) return;
    let device: SelectableDevice | undefined;
    for (const sub of this.#subs) {
      const f = sub.filter;
      if (f.kinds && !f.kinds.includes(change.kind)) continue;
      if (sub.ids && !sub.ids.has(change.deviceId)) continue;
      if (f.type || f.tag) {
        device ??= this.#store.registry.get(change.deviceId) ?? {
          id: change.deviceId,
          type: GENERIC_DEVICE_TYPE,
          tags: {},
        };
        if (!matchesSelector(device, f)) continue;
      }
      if (sub.pending.length >= this.#maxPending) {
        this.dropped++;
        continue;
      }
      sub.pending.push(change);
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.flush());
      }
    }
  }

  flush(): void {
    this.#scheduled = false;
    for (const sub of this.#subs) {
      if (sub.pending.length === 0) continue;
      const batch = sub.pending;
      sub.pending = [];
      sub.send(JSON.stringify(batch));
    }
  }

  close(): void {
    clearInterval(this.#timer);
    this.flush();
    this.#subs.clear();
  }
}
