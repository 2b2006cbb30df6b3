import type { Seed } from '../random.ts';
import { overDefaults, stripUndefined } from '../values.ts';

export const RESOLUTIONS = ['640x480', '1280x720', '1920x1080', '2560x1440', '3840x2160'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** camera telemetry, field names and units as in docs/twin-contract.md (timestamps absent until set). */
export type CameraTelemetry = {
  uptime_s: number;
  fw_version: string;
  online: boolean;
  fps: number;
  bitrate_kbps: number;
  resolution: Resolution;
  recording: boolean;
  motion_events: number;
  last_motion_at?: number;
  last_snapshot_at?: number;
  storage_used_percent: number;
};

export type CameraDesired = { recording: boolean; resolution: Resolution; fps_target: number };

export interface CameraOptions {
  /** Seed of this device's streams; for a fleet use `derive(fleetSeed, index)`. Default 1. */
  seed?: Seed;
  /** Virtual time the model starts at, ms epoch. Default 0. */
  startMs?: number;
  /** Firmware version reported as fw_version. Default '1.0.0'. */
  fwVersion?: string;
  /** Telemetry publish interval, ms (the camera has no desired interval). Default 30_000. */
  publishIntervalMs?: number;
  /** Resolution until desired says otherwise. Default '1920x1080'. */
  resolution?: Resolution;
  /** Frame rate asked for until desired fps_target says otherwise, fps. Default 25. */
  fpsTarget?: number;
  /** Recording until desired says otherwise. Default false. */
  recording?: boolean;
  /** Mean motion events per hour while online (Poisson). Default 6. */
  motionEventsPerHour?: number;
  /** Storage for recordings, GB; full storage is overwritten oldest first. Default 128. */
  storageCapacityGb?: number;
  /** Storage used at start, %. Default: seeded in 5…40. */
  initialStoragePercent?: number;
  /** Random stream outages per day. Default 0.2. */
  outagesPerDay?: number;
  /** Mean outage length, ms (exponential). Default 120_000. */
  outageMeanDurationMs?: number;
  /** Time from reboot until the stream is back, ms. Default 30_000. */
  rebootDurationMs?: number;
}

export type ResolvedCameraOptions = Required<CameraOptions>;

export const DEFAULT_CAMERA_OPTIONS: Readonly<Omit<ResolvedCameraOptions, 'initialStoragePercent'>> = {
  seed: 1,
  startMs: 0,
  fwVersion: '1.0.0',
  publishIntervalMs: 30_000,
  resolution: '1920x1080',
  fpsTarget: 25,
  recording: false,
  motionEventsPerHour: 6,
  storageCapacityGb: 128,
  outagesPerDay: 0.2,
  outageMeanDurationMs: 120_000,
  rebootDurationMs: 30_000,
};

export function resolveCameraOptions(
  options: CameraOptions,
  seeded: Pick<ResolvedCameraOptions, 'initialStoragePercent'>,
): ResolvedCameraOptions {
  return overDefaults<ResolvedCameraOptions>(DEFAULT_CAMERA_OPTIONS, {
    ...seeded,
    ...stripUndefined(options),
  });
}

/** Highest frame rate and typical H.264 bitrate at 30 fps for each resolution. */
export const RESOLUTION_PROFILE: Readonly<Record<Resolution, { maxFps: number; kbpsAt30: number }>> = {
  '640x480': { maxFps: 120, kbpsAt30: 1_000 },
  '1280x720': { maxFps: 60, kbpsAt30: 2_500 },
  '1920x1080': { maxFps: 60, kbpsAt30: 4_500 },
  '2560x1440': { maxFps: 30, kbpsAt30: 8_000 },
  '3840x2160': { maxFps: 30, kbpsAt30: 16_000 },
};
