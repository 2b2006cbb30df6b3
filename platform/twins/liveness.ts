export type OfflineReason = 'last_will' | 'heartbeat_timeout' | 'disconnected' | 'announced';

export interface LivenessState {
  online: boolean;
  lastSeen: number;
  since: number;
  reason?: OfflineReason | 'connected' | 'message';
}

export interface LivenessChange {
  deviceId: string;
  online: boolean;
  reason: string;
  ts: number;
}

/**
 * Online/offline per device from status messages (retained birth, last will) and a heartbeat
 * timeout: any message counts as a sign of life.
 */
export class LivenessTracker {
  readonly #states = new Map<string, LivenessState>();
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #onChange: (c: LivenessChange) => void;

  constructor(opts: {
    heartbeatTimeoutMs: number;
    now?: () => number;
    onChange: (c: LivenessChange) => void;
  }) {
    this.#timeoutMs = opts.heartbeatTimeoutMs;
    this.#now = opts.now ?? Date.now;
    this.#onChange = opts.onChange;
  }

  get(deviceId: string): LivenessState | undefined {
    return this.#states.get(deviceId);
  }

  counts(): { online: number; offline: number } {
    let online = 0;
    for (const s of this.#states.values()) if (s.online) online++;
    return { online, offline: this.#states.size - online };
  }

  /** A message arrived from the device: it is alive. */
  seen(deviceId: string, ts = this.#now()): void {
    const s = this.#states.get(deviceId);
    if (s?.online) {
      s.lastSeen = ts;
      return;
    }
    this.#set(deviceId, true, 'message', ts);
  }

  /** A status message: `online` as the device (or its last will) says. */
  status(deviceId: string, online: boolean, reason: string, ts = this.#now()): void {
    const s = this.#states.get(deviceId);
    if (s && s.online === online) {
      s.lastSeen = ts;
      return;
    }
    this.#set(deviceId, online, reason, ts);
  }

  /** Restores a state without announcing it (on start, from history). */
  restore(deviceId: string, online: boolean, ts: number): void {
    this.#states.set(deviceId, { online, lastSeen: ts, since: ts });
  }

  /** Devices silent for longer than the heartbeat timeout go offline. Call periodically. */
  sweep(): void {
    const now = this.#now();
    for (const [id, s] of this.#states) {
      if (s.online && now - s.lastSeen > this.#timeoutMs) this.#set(id, false, 'heartbeat_timeout', now);
    }
  }

  #set(deviceId: string, online: boolean, reason: string, ts: number): void {
    this.#states.set(deviceId, {
      online,
      lastSeen: ts,
      since: ts,
      reason: reason as LivenessState['reason'],
    });
    this.#onChange({ deviceId, online, reason, ts });
  }
}
