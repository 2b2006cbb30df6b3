import { computeDelta, type LatestTelemetry, type ShadowLimits, type TwinView } from '../../twin/index.ts';
import { Registry } from '../registry/registry.ts';
import { TypedShadowBook } from '../shadows/typed-shadow-book.ts';
import { ChangeBus, type TwinChange } from './changes.ts';
import { StringPool } from './intern.ts';
import { LivenessTracker } from './liveness.ts';
import { TelemetryTable } from './telemetry-table.ts';

export type { LatestTelemetry, TwinView };
type TelemetryValue = LatestTelemetry['fields'][string];

export interface TwinStoreOptions {
  now: () => number;
  heartbeatTimeoutMs: number;
  shadowLimits?: Partial<ShadowLimits>;
}

/**
 * Every twin the platform keeps: registry, shadows (desired state checked against the device type),
 * liveness and latest telemetry; every change goes out on `bus`. Commands are tracked beside it
 * (`CommandService`).
 */
export class TwinStore {
  readonly bus = new ChangeBus();
  readonly now: () => number;
  readonly registry: Registry;
  readonly shadows: TypedShadowBook;
  readonly liveness: LivenessTracker;
  /** One copy of each short repeated string (types, sites, field names, states) for every twin. */
  readonly #pool = new StringPool();
  readonly #telemetry = new TelemetryTable(this.#pool);

  constructor(opts: TwinStoreOptions) {
    this.now = opts.now;
    this.registry = new Registry(
      (device) => this.bus.emit({ kind: 'device', deviceId: device.id, ts: this.now(), device }),
      this.#pool,
    );
    this.shadows = new TypedShadowBook({
      now: opts.now,
      ...(opts.shadowLimits ? { limits: opts.shadowLimits } : {}),
      typeOf: (thing) => this.registry.get(thing)?.type,
    });
    this.liveness = new LivenessTracker({
      heartbeatTimeoutMs: opts.heartbeatTimeoutMs,
      now: opts.now,
      onChange: (c) => this.bus.emit({ kind: 'liveness', ...c }),
    });
  }

  latestTelemetry(deviceId: string): LatestTelemetry | undefined {
    return this.#telemetry.get(deviceId);
  }

  /** Merges a telemetry message into the twin and announces it. */
  applyTelemetry(
    deviceId: string,
    msg: {
      ts: number;
      seq?: number | undefined;
      sent?: number | undefined;
      arrivalTime?: boolean | undefined;
      fields: Record<string, TelemetryValue>;
    },
  ): void {
    const latestTs = this.#telemetry.ts(deviceId);
    // Late (older) points go to history but do not roll the twin back.
    if (latestTs === undefined || msg.ts >= latestTs)
      this.#telemetry.put(deviceId, this.#typeOf(deviceId), msg);
    // Written out, not spread: once per message, in one shape (a spread copies and allocates more).
    const change: Extract<TwinChange, { kind: 'telemetry' }> = {
      kind: 'telemetry',
      deviceId,
      ts: msg.ts,
      fields: msg.fields,
    };
    if (msg.seq !== undefined) change.seq = msg.seq;
    if (msg.sent !== undefined) change.sent = msg.sent;
    if (msg.arrivalTime) change.arrivalTime = true;
    this.bus.emit(change);
  }

  /** Puts telemetry back without announcing it (restore at start). */
  restoreTelemetry(deviceId: string, latest: LatestTelemetry): void {
    this.#telemetry.put(deviceId, this.#typeOf(deviceId), latest, true);
  }

  #typeOf(deviceId: string): string {
    return this.registry.get(deviceId)?.type ?? '';
  }

  view(deviceId: string): TwinView {
    const device = this.registry.require(deviceId);
    const live = this.liveness.get(deviceId);
    const view: TwinView = {
      device,
      online: live?.online ?? false,
      namedShadows: this.shadows
        .list(deviceId)
        .map((s) => s.shadowName)
        .filter((n): n is string => n !== undefined),
    };
    if (live) {
      view.lastSeen = live.lastSeen;
      if (live.online) view.onlineSince = live.since;
    }
    const telemetry = this.#telemetry.get(deviceId);
    if (telemetry) view.telemetry = telemetry;
    const shadow = this.shadows.snapshot(deviceId);
    if (shadow) {
      const delta = shadow.desired ? computeDelta(shadow.desired, shadow.reported ?? {}) : undefined;
      view.shadow = {
        state: {
          ...(shadow.desired ? { desired: shadow.desired } : {}),
          ...(shadow.reported ? { reported: shadow.reported } : {}),
          ...(delta ? { delta } : {}),
        },
        metadata: shadow.metadata,
        version: shadow.version,
      };
    }
    return view;
  }
}
