/** A network camera with motion detection and recording. */
import { bool, command, COMMON_TELEMETRY, int, num, oneOf, type DeviceTypeSpec } from './fields.ts';

export const CAMERA_RESOLUTIONS = ['640x480', '1280x720', '1920x1080', '2560x1440', '3840x2160'] as const;

export const CAMERA_SPEC = {
  type: 'camera',
  description: 'Network camera: streaming, recording, motion detection',
  telemetry: {
    ...COMMON_TELEMETRY,
    online: bool('The video stream is up'),
    fps: num('Frames per second being produced', { unit: 'fps', min: 0, max: 240 }),
    bitrate_kbps: num('Stream bitrate', { unit: 'kbit/s', min: 0, max: 200_000 }),
    resolution: oneOf(CAMERA_RESOLUTIONS, 'Stream resolution'),
    recording: bool('Recording to storage'),
    motion_events: int('Motion events since boot (a counter)', { min: 0 }),
    last_motion_at: num('Time of the last motion event', { unit: 'ms', min: 0 }),
    last_snapshot_at: num('Time of the last snapshot', { unit: 'ms', min: 0 }),
    storage_used_percent: num('Storage used', { unit: '%', min: 0, max: 100 }),
  },
  desired: {
    recording: bool('Record to storage'),
    resolution: oneOf(CAMERA_RESOLUTIONS, 'Stream resolution'),
    fps_target: num('Target frames per second', { unit: 'fps', min: 1, max: 240 }),
  },
  commands: {
    snapshot: command('Take a still picture now'),
    reboot: command('Restart the camera'),
  },
} as const satisfies DeviceTypeSpec;
