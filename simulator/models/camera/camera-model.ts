import { BaseModel } from '../base-model.ts';
import type { CommandResult, ModelEvent } from '../model.ts';
import { ouShape, ouStart, ouStep } from '../ou-process.ts';
import { PoissonArrivals, Rng } from '../random.ts';
import { asNumber, clamp, round } from '../values.ts';
import { motionBoxes } from './motion-boxes.ts';
import { RESOLUTION_PROFILE, RESOLUTIONS, resolveCameraOptions } from './options.ts';
import type {
  CameraDesired,
  CameraOptions,
  CameraTelemetry,
  ResolvedCameraOptions,
  Resolution,
} from './options.ts';

/** Bitrate rises this much while the scene moves (encoders spend bits on change). */
const MOTION_BITRATE_FACTOR = 1.5;
const MOTION_BURST_MS = 15_000;

const FPS_OU = ouShape(0.02, 60_000);
const BITRATE_OU = ouShape(0.12, 120_000);

/**
 * An IP camera: stream health (fps, bitrate, resolution), motion detections with boxes, recording as
 * desired into storage that fills and then overwrites, snapshots, random stream outages and reboots.
 */
export class CameraModel extends BaseModel<CameraTelemetry, CameraDesired> {
  readonly type = 'camera' as const;
  private readonly o: ResolvedCameraOptions;
  private readonly rng: Rng;
  private readonly motion: PoissonArrivals;
  private readonly outages: PoissonArrivals;
  // Slow wanders (Ornstein–Uhlenbeck) of frame rate and bit rate: plain numbers, kept unboxed.
  private readonly ou: number[];
  private readonly capacityBytes: number;
  private usedBytes: number;
  private resolution: Resolution;
  private fpsTarget: number;
  private recording: boolean;
  private motionCount = 0;
  private lastMotionAt: number | undefined;
  private lastSnapshotAt: number | undefined;
  private motionBurstUntilMs = -Infinity;
  private outageUntilMs = -Infinity;
  private rebootUntilMs = -Infinity;
  private storageFull = false;

  constructor(options: CameraOptions = {}) {
    const rng = new Rng(options.seed ?? 1);
    const o = resolveCameraOptions(options, { initialStoragePercent: rng.fork(0).uniform(5, 40) });
    super(o.startMs, o.fwVersion);
    this.o = o;
    this.rng = rng.fork(1);
    this.motion = new PoissonArrivals(rng.fork(2), o.motionEventsPerHour, o.startMs);
    this.outages = new PoissonArrivals(rng.fork(3), o.outagesPerDay / 24, o.startMs);
    this.ou = [ouStart(FPS_OU, this.rng), ouStart(BITRATE_OU, this.rng)];
    this.capacityBytes = o.storageCapacityGb * 1e9;
    this.usedBytes = (this.capacityBytes * clamp(o.initialStoragePercent, 0, 100)) / 100;
    this.resolution = o.resolution;
    this.fpsTarget = o.fpsTarget;
    this.recording = o.recording;
  }

  /** Drops the stream now for `durationMs` (fault hook), like a random outage. */
  dropStream(durationMs: number): void {
    if (this.streaming()) this.emit({ ts: this.now, type: 'stream_lost', reason: 'outage' });
    this.outageUntilMs = Math.max(this.outageUntilMs, this.now + durationMs);
  }

  /** A motion detection now, with boxes (fault hook); nothing while the stream is down. */
  injectMotion(): void {
    if (!this.streaming()) return;
    const events: ModelEvent[] = [];
    this.detect(this.now, events);
    for (const e of events) this.emit(e);
  }

  /** Whether video flows: not rebooting and no outage. */
  private streaming(): boolean {
    return this.now >= this.rebootUntilMs && this.now >= this.outageUntilMs;
  }

  override isOnline(): boolean {
    return this.now >= this.rebootUntilMs;
  }

  protected override onReboot(atMs: number): void {
    this.rebootUntilMs = atMs + this.o.rebootDurationMs;
  }

  private fps(): number {
    if (!this.streaming()) return 0;
    const cap = Math.min(this.fpsTarget, RESOLUTION_PROFILE[this.resolution].maxFps);
    return Math.max(0, cap * (1 + (this.ou[0] as number)));
  }

  private bitrateKbps(): number {
    const fps = this.fps();
    if (fps === 0) return 0;
    const burst = this.now < this.motionBurstUntilMs ? MOTION_BITRATE_FACTOR : 1;
    return RESOLUTION_PROFILE[this.resolution].kbpsAt30 * (fps / 30) * burst * Math.exp(this.ou[1] as number);
  }

  protected override integrate(toMs: number, events: ModelEvent[]): void {
    const dt = toMs - this.now;
    while (this.now < toMs) {
      const wasStreaming = this.streaming();
      // Segments end wherever the bitrate changes: arrivals, the end of an outage, reboot or motion burst.
      let end = Math.min(toMs, this.motion.nextMs, this.outages.nextMs);
      for (const until of [this.outageUntilMs, this.rebootUntilMs, this.motionBurstUntilMs]) {
        if (until > this.now && until < end) end = until;
      }
      this.record(end - this.now, events);
      this.now = end;
      if (!wasStreaming && this.streaming()) events.push({ ts: end, type: 'stream_restored' });
      while (this.motion.nextMs <= end) {
        this.motion.shift();
        if (this.streaming()) this.detect(end, events);
      }
      while (this.outages.nextMs <= end) {
        this.outages.shift();
        const length = Math.max(1000, Math.round(this.rng.exponential(this.o.outageMeanDurationMs)));
        if (this.streaming()) events.push({ ts: end, type: 'stream_lost', reason: 'outage' });
        this.outageUntilMs = Math.max(this.outageUntilMs, end + length);
      }
    }
    this.ou[0] = ouStep(this.ou[0] as number, FPS_OU, dt, this.rng);
    this.ou[1] = ouStep(this.ou[1] as number, BITRATE_OU, dt, this.rng);
  }

  /** Writes the held bitrate to storage for dtMs when recording; full storage overwrites the oldest. */
  private record(dtMs: number, events: ModelEvent[]): void {
    if (!this.recording || dtMs <= 0) return;
    this.usedBytes += (this.bitrateKbps() * 125 * dtMs) / 1000; // kbit/s → bytes/ms: × 1000 / 8 / 1000
    if (this.usedBytes >= this.capacityBytes) {
      this.usedBytes = this.capacityBytes;
      if (!this.storageFull) events.push({ ts: this.now + dtMs, type: 'storage_full' });
      this.storageFull = true;
    }
  }

  private detect(at: number, events: ModelEvent[]): void {
    this.motionCount++;
    this.lastMotionAt = at;
    this.motionBurstUntilMs = at + MOTION_BURST_MS;
    events.push({ ts: at, type: 'motion', boxes: motionBoxes(this.rng) });
  }

  override applyDesired(patch: Partial<CameraDesired>): void {
    if (typeof patch.recording === 'boolean') this.recording = patch.recording;
    const r = patch.resolution;
    if (r !== undefined && (RESOLUTIONS as readonly string[]).includes(r)) this.resolution = r;
    const fps = asNumber(patch.fps_target);
    if (fps !== undefined) this.fpsTarget = clamp(fps, 1, 240);
  }

  override reported(): Record<string, unknown> {
    return { recording: this.recording, resolution: this.resolution, fps_target: this.fpsTarget };
  }

  override command(name: string): CommandResult {
    switch (name) {
      case 'snapshot': {
        if (!this.streaming()) return { ok: false, error: 'snapshot: camera stream is down, retry later' };
        const [w = 0, h = 0] = this.resolution.split('x').map(Number);
        this.lastSnapshotAt = this.now;
        const bytes = Math.round(w * h * 0.12 * (1 + this.rng.normal(0, 0.08))); // JPEG ~1 bit/pixel
        return {
          ok: true,
          result: { snapshot_at: this.now, resolution: this.resolution, format: 'jpeg', size_bytes: bytes },
        };
      }
      case 'reboot':
        this.reboot(this.now);
        return { ok: true, result: { back_at: this.rebootUntilMs } };
      default:
        return { ok: false, error: `unknown command '${name}' for camera (snapshot, reboot)` };
    }
  }

  override publishIntervalMs(): number {
    return this.o.publishIntervalMs;
  }

  /** Whether storage has filled up since start (recording now overwrites the oldest footage). */
  isStorageFull(): boolean {
    return this.storageFull;
  }

  protected override sample(): CameraTelemetry {
    const t: CameraTelemetry = {
      uptime_s: this.uptimeS(),
      fw_version: this.fwVersion,
      online: this.streaming(),
      fps: round(this.fps(), 1),
      bitrate_kbps: Math.round(this.bitrateKbps()),
      resolution: this.resolution,
      recording: this.recording,
      motion_events: this.motionCount,
      storage_used_percent: round((100 * this.usedBytes) / this.capacityBytes, 2),
    };
    if (this.lastMotionAt !== undefined) t.last_motion_at = this.lastMotionAt;
    if (this.lastSnapshotAt !== undefined) t.last_snapshot_at = this.lastSnapshotAt;
    return t;
  }
}
