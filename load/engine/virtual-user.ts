/**
 * What one artillery virtual user holds: its device (one VU drives one virtual device), the counts
 * already reported to artillery, and the ledger line it leaves at the end for loss accounting.
 */
import { appendFileSync } from 'node:fs';
import { openDevice, type DrivenDevice, type LeanClientContext } from '../../simulator/index.ts';
import type { DeviceType } from '../../twin/index.ts';
import type { EngineSettings } from './config.ts';
import { METRICS, ZEROED_COUNTERS, type MetricEvents } from './metrics.ts';

/** One line of the ledger file (JSON lines): what a device sent, for `twinbench load`'s loss count. */
export interface LedgerEntry {
  id: string;
  type: DeviceType;
  /** Telemetry messages sent (seq 1 … sent). */
  sent: number;
  /** QoS 1 messages still unacknowledged when the device went away (lost before the broker). */
  unacked: number;
  /** The flow ended with an unclean disconnect (or the connection dropped). */
  unclean: boolean;
}

export class VirtualUser {
  readonly ee: MetricEvents;
  device: DrivenDevice | undefined;
  private reported = { published: 0, telemetry: 0, acked: 0 };
  unclean = false;

  constructor(ee: MetricEvents) {
    this.ee = ee;
  }

  /** Creates and connects this VU's device; reports connect time (or the failure). */
  async connect(
    s: EngineSettings,
    o: {
      type: DeviceType;
      index: number;
      idPrefix: string;
      tags: Record<string, string>;
      client: LeanClientContext;
      modelOptions?: Record<string, unknown>;
    },
  ): Promise<DrivenDevice> {
    const d = openDevice({
      mqttUrl: s.mqttUrl,
      type: o.type,
      index: o.index,
      seed: s.seed,
      idPrefix: o.idPrefix,
      site: s.site,
      profile: s.profile,
      tags: o.tags,
      keepaliveS: s.keepaliveS,
      commandLatencyMs: s.commandLatencyMs,
      commandFailureRate: s.commandFailureRate,
      telemetryQos: s.telemetryQos,
      ...(s.deviceSecret ? { deviceSecret: s.deviceSecret } : {}),
      client: o.client,
      ...(o.modelOptions ? { modelOptions: o.modelOptions } : {}),
    });
    this.device = d;
    const ee = this.ee;
    d.listener = {
      rejected: (reason) => {
        ee.emit('counter', METRICS.rejected, 1);
        ee.emit('counter', `${METRICS.rejected}.${reason}`, 1);
      },
      dropped: () => {
        this.unclean = true;
        ee.emit('counter', METRICS.disconnectsDropped, 1);
      },
    };
    for (const name of ZEROED_COUNTERS) ee.emit('counter', name, 0);
    const ms = await d.connect();
    ee.emit('histogram', METRICS.connectTime, ms);
    ee.emit('counter', METRICS.connected, 1);
    this.flush();
    return d;
  }

  /** Connects this VU's device again after a disconnect (same id, its seq goes on). */
  async reconnect(): Promise<void> {
    const d = this.device;
    if (!d) return;
    const ms = await d.connect();
    this.ee.emit('histogram', METRICS.connectTime, ms);
    this.ee.emit('counter', METRICS.connected, 1);
    this.flush();
  }

  /** Reports what the device sent and the broker acknowledged since the last flush. */
  flush(): void {
    const d = this.device;
    if (!d) return;
    const r = this.reported;
    const published = d.stats.published;
    const telemetry = d.stats.telemetry;
    const acked = d.acknowledged;
    if (published > r.published) this.ee.emit('counter', METRICS.sent, published - r.published);
    if (telemetry > r.telemetry) {
      this.ee.emit('counter', METRICS.telemetrySent, telemetry - r.telemetry);
      for (let i = r.telemetry; i < telemetry; i++) this.ee.emit('rate', METRICS.publishRate);
    }
    if (acked > r.acked) this.ee.emit('counter', METRICS.acknowledged, acked - r.acked);
    this.reported = { published, telemetry, acked: Math.max(acked, r.acked) };
  }

  /** Goes away: `clean` waits for acknowledgements first (up to `ackTimeoutMs`). */
  async disconnect(clean: boolean, ackTimeoutMs: number): Promise<void> {
    const d = this.device;
    if (!d) return;
    if (clean && d.connected) await d.waitForAcks(ackTimeoutMs);
    this.flush();
    if (!clean) this.unclean = true;
    this.ee.emit('counter', clean ? METRICS.disconnectsClean : METRICS.disconnectsUnclean, 1);
    await d.disconnect(clean);
  }

  /** The VU is over: a clean disconnect if the flow left the device connected, then the ledger line. */
  async finish(ackTimeoutMs: number, ledgerPath: string | undefined): Promise<void> {
    const d = this.device;
    if (!d) return;
    if (d.connected) await this.disconnect(true, ackTimeoutMs);
    this.flush();
    if (ledgerPath) {
      const entry: LedgerEntry = {
        id: d.id,
        type: d.type,
        sent: d.seq,
        unacked: d.pending,
        unclean: this.unclean,
      };
      appendFileSync(ledgerPath, `${JSON.stringify(entry)}\n`);
    }
    this.device = undefined;
  }
}
