/**
 * The live fleet: every device's twin, fed by REST answers and stream changes. Pure (no DOM, no I/O), so
 * replay can build one from history and tests can feed it by hand. Listeners hear which devices changed.
 */
import {
  asShadowState,
  type DeviceListEntry,
  type DeviceRecord,
  type FleetSnapshot,
  type TelemetryValue,
  type TwinChange,
  type TwinView,
} from '../api/wire.ts';
import { emptyTwin, type DeviceTwin } from './device-twin.ts';

export type FleetListener = (changed: ReadonlySet<string>, structural: boolean) => void;

const MAX_COMMANDS = 20;

export interface FleetStateOptions {
  /** Devices the fleet holds (default all); others are ignored wherever they come from. */
  keep?: (device: DeviceRecord) => boolean;
}

export class FleetState {
  readonly #keep: (device: DeviceRecord) => boolean;
  readonly #twins = new Map<string, DeviceTwin>();
  readonly #listeners = new Set<FleetListener>();
  #changed = new Set<string>();
  #structural = false;

  constructor(options: FleetStateOptions = {}) {
    this.#keep = options.keep ?? (() => true);
  }

  get size(): number {
    return this.#twins.size;
  }

  get(id: string): DeviceTwin | undefined {
    return this.#twins.get(id);
  }

  all(): IterableIterator<DeviceTwin> {
    return this.#twins.values();
  }

  ids(): string[] {
    return [...this.#twins.keys()];
  }

  on(listener: FleetListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Replaces the registry (`GET /devices`); twins of devices still registered keep what they know. */
  setDevices(entries: readonly DeviceListEntry[]): void {
    const seen = new Set<string>();
    for (const e of entries) {
      if (!this.#keep(e.device)) continue;
      seen.add(e.device.id);
      const twin = this.#ensure(e.device);
      twin.device = e.device;
      twin.online = e.online;
      if (e.lastSeen !== undefined) twin.lastSeen = e.lastSeen;
      this.#changed.add(e.device.id);
    }
    for (const id of [...this.#twins.keys()]) if (!seen.has(id)) this.#twins.delete(id);
    this.#structural = true;
    this.flush();
  }

  /** A whole twin (`GET /devices/{id}`). */
  applyTwin(view: TwinView): void {
    if (!this.#keep(view.device)) return;
    const twin = this.#ensure(view.device);
    twin.device = view.device;
    twin.online = view.online;
    if (view.lastSeen !== undefined) twin.lastSeen = view.lastSeen;
    if (view.telemetry) this.#setFields(twin, view.telemetry.ts, view.telemetry.fields);
    if (view.shadow) {
      twin.shadow = asShadowState(view.shadow.state);
      twin.shadowVersion = view.shadow.version;
    }
    this.#changed.add(twin.device.id);
    this.flush();
  }

  /** Latest values of every device (`GET /history/snapshot`); older than what is known is ignored. */
  applySnapshot(snapshot: FleetSnapshot): void {
    for (const d of snapshot.devices) {
      const twin = this.#twins.get(d.id);
      if (!twin) continue;
      if (d.ts !== null) this.#setFields(twin, d.ts, d.fields);
      if (d.online !== null && twin.online === null) twin.online = d.online;
      this.#changed.add(d.id);
    }
    this.flush();
  }

  /** One stream frame. Returns the ids whose twin changed. */
  applyChanges(changes: readonly TwinChange[]): void {
    for (const c of changes) this.#apply(c);
    this.flush();
  }

  /** Tells listeners what changed since the last flush. */
  flush(): void {
    if (this.#changed.size === 0 && !this.#structural) return;
    const changed = this.#changed;
    const structural = this.#structural;
    this.#changed = new Set();
    this.#structural = false;
    for (const l of this.#listeners) l(changed, structural);
  }

  #ensure(device: DeviceRecord): DeviceTwin {
    let twin = this.#twins.get(device.id);
    if (!twin) {
      twin = emptyTwin(device);
      this.#twins.set(device.id, twin);
      this.#structural = true;
    }
    return twin;
  }

  #setFields(twin: DeviceTwin, ts: number, fields: Record<string, TelemetryValue>): void {
    for (const [k, v] of Object.entries(fields)) {
      const known = twin.fieldTs[k];
      if (known !== undefined && known > ts) continue; // an older point never rolls the twin back
      twin.fields[k] = v;
      twin.fieldTs[k] = ts;
    }
  }

  #apply(c: TwinChange): void {
    if (c.kind === 'device') {
      if (!this.#keep(c.device)) return;
      const twin = this.#ensure(c.device);
      if (twin.device.location !== c.device.location) this.#structural = true;
      twin.device = c.device;
      this.#changed.add(c.deviceId);
      return;
    }
    const twin = this.#twins.get(c.deviceId);
    if (!twin) return; // a device the viewer has not loaded yet: the next registry refresh brings it
    this.#changed.add(c.deviceId);
    switch (c.kind) {
      case 'telemetry':
        this.#setFields(twin, c.ts, c.fields);
        twin.lastSeen = Math.max(twin.lastSeen ?? 0, c.ts);
        break;
      case 'liveness':
        twin.online = c.online;
        break;
      case 'shadow':
        if (c.shadowName === undefined) {
          twin.shadow = c.deleted ? {} : asShadowState(c.state);
          twin.shadowVersion = c.version;
        }
        break;
      case 'event':
        twin.lastEvent[c.event.type] = c.ts;
        break;
      case 'command': {
        const i = twin.commands.findIndex((r) => r.id === c.command.id);
        if (i >= 0) twin.commands[i] = c.command;
        else twin.commands.push(c.command);
        if (twin.commands.length > MAX_COMMANDS) twin.commands.shift();
        break;
      }
    }
  }
}
