/** What a running fleet reports, and the one-line form the CLI prints. */

export interface FleetStats {
  /** Devices in the fleet. */
  devices: number;
  connected: number;
  disconnected: number;
  /** Every PUBLISH sent (telemetry, events, status, shadow, command responses). */
  published: number;
  telemetry: number;
  events: number;
  /** Publishes per second over the last few seconds. */
  publishRate: number;
  /** Commands and shadow deltas received. */
  commands: number;
  deltas: number;
  /** QoS 1 messages not yet acknowledged by the broker. */
  inflight: number;
  /** Publishes lost on purpose (drop_publishes) or for want of a connection. */
  dropped: number;
  errors: number;
  lastError?: string;
  /** Lasting faults not cleared yet. */
  faultsActive: number;
  /** Successful connections after a device's first. */
  reconnects: number;
  /** Virtual now, ms epoch, and how fast virtual time runs. */
  virtualNowMs: number;
  speed: number;
  /** Real time since start, ms. */
  elapsedMs: number;
  /** Resident memory of the process, bytes. */
  rssBytes: number;
}

/** Publish rate from samples of the `published` counter over a sliding window. */
export class RateMeter {
  private readonly samples: { t: number; n: number }[] = [];
  private readonly windowMs: number;

  constructor(windowMs = 5000) {
    this.windowMs = windowMs;
  }

  /** Records the counter at real time `t` (ms) and returns the rate per second. */
  sample(t: number, n: number): number {
    const s = this.samples;
    s.push({ t, n });
    while (s.length > 2 && (s[0]?.t ?? t) < t - this.windowMs) s.shift();
    const first = s[0];
    if (!first || t - first.t <= 0) return 0;
    return ((n - first.n) * 1000) / (t - first.t);
  }
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');

function virtualTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/**
 * One line for a live display, e.g.
 * `9,998/10,000 connected · 1,234,567 published (1,002/s) · 3 reconnects · 0 errors · 1 fault · 2025-01-06 10:00:00 ×10`
 */
export function formatStats(s: FleetStats): string {
  const parts = [
    `${int(s.connected)}/${int(s.devices)} connected`,
    `${int(s.published)} published (${int(s.publishRate)}/s)`,
    `${int(s.reconnects)} reconnect${s.reconnects === 1 ? '' : 's'}`,
    `${int(s.errors)} error${s.errors === 1 ? '' : 's'}`,
  ];
  if (s.dropped > 0) parts.push(`${int(s.dropped)} dropped`);
  if (s.faultsActive > 0) parts.push(`${s.faultsActive} fault${s.faultsActive === 1 ? '' : 's'}`);
  parts.push(`${virtualTime(s.virtualNowMs)}${s.speed === 1 ? '' : ` ×${s.speed}`}`);
  parts.push(`${Math.round(s.rssBytes / 1_048_576)} MB`);
  return parts.join(' · ');
}
