/**
 * Keeps a FleetState in step with the platform: the registry and latest values at every (re)connection
 * of the stream (one snapshot request when the platform has `/history/snapshot`, else one request per
 * device), then every stream frame.
 */
import type { RestClient } from '../api/rest-client.ts';
import { StreamClient, type StreamStatus } from '../api/stream-client.ts';
import type { DeviceListEntry, TwinChange } from '../api/wire.ts';
import type { FleetState } from './fleet-state.ts';

export interface LiveSyncOptions {
  rest: RestClient;
  fleet: FleetState;
  /** ws://host/stream */
  streamUrl: string;
  /** The API token the stream sends first (docs/security.md). Default none. */
  token?: string | undefined;
  onStatus?: (status: StreamStatus, since?: number) => void;
  /** Every frame, after the fleet has applied it. */
  onFrame?: (changes: readonly TwinChange[]) => void;
  /** The registry as listed at each resync (all of it, `keep` or not). */
  onRegistry?: (entries: readonly DeviceListEntry[]) => void;
  /** Fields the snapshot asks for (what the bindings read; a panel loads its device's whole twin). Default all. */
  fields?: () => string[];
  /** Parallel requests when there is no snapshot route. Default 8. */
  concurrency?: number;
}

export class LiveSync {
  readonly #o: LiveSyncOptions;
  #stream: StreamClient | undefined;
  #synced: Promise<void>;
  #resolveSynced: () => void = () => undefined;
  /** Whether the platform answers `/history/snapshot`. */
  snapshotRoute: boolean | undefined;

  constructor(options: LiveSyncOptions) {
    this.#o = options;
    this.#synced = new Promise((r) => (this.#resolveSynced = r));
  }

  /** Resolves after the first full sync. */
  get synced(): Promise<void> {
    return this.#synced;
  }

  get stream(): StreamClient | undefined {
    return this.#stream;
  }

  start(): this {
    this.#stream = new StreamClient({
      url: this.#o.streamUrl,
      token: this.#o.token,
      onOpen: async () => {
        await this.resync();
        this.#resolveSynced();
      },
      onChanges: (changes) => {
        this.#o.fleet.applyChanges(changes);
        this.#o.onFrame?.(changes);
      },
      ...(this.#o.onStatus ? { onStatus: this.#o.onStatus } : {}),
    }).start();
    return this;
  }

  stop(): void {
    this.#stream?.close();
  }

  async resync(): Promise<void> {
    const { rest, fleet } = this.#o;
    const entries = await rest.devices();
    this.#o.onRegistry?.(entries);
    fleet.setDevices(entries);
    const kept = entries.filter((e) => fleet.get(e.device.id));
    if (this.snapshotRoute !== false) {
      const snap = await rest.snapshot(Date.now(), this.#o.fields?.() ?? []).catch(() => undefined);
      this.snapshotRoute = snap !== undefined;
      if (snap) {
        fleet.applySnapshot(snap);
        return;
      }
    }
    // No snapshot route: each twin on its own, a few at a time.
    const ids = kept.map((e) => e.device.id);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        const view = await rest.twin(id).catch(() => undefined);
        if (view) fleet.applyTwin(view);
      }
    };
    await Promise.all(Array.from({ length: this.#o.concurrency ?? 8 }, worker));
  }
}
