export type OfflineReason = 'last_will' | 'heartbeat_timeout' | 'disconnected' | 'announced';

export interface LivenessState {
  online: boolean;
  lastSeen: number;
  since: number;
  reason?: OfflineReason | 'connected' | 'message';
  /** The device's own offline timeout (its topic profile's), checked every `checkEveryMs`. */
  timeout?: DeviceTimeout;
}

/** A topic profile's offline timeout: silence longer than `offlineAfterMs`, checked every `checkEveryMs`. */
export interface DeviceTimeout {
  offlineAfterMs: number;
  checkEveryMs: number;
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
  /** Last check time per check interval of per-profile timeouts. */
  readonly #lastCheck = new Map<number, number>();

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

  /** A message arrived from the device: it is alive. `timeout`: its profile's own offline timeout. */
  seen(deviceId: string, ts = this.#now(), timeout?: DeviceTimeout): void {
    const s = this.#states.get(deviceId);
    if (s?.online) {
      s.lastSeen = ts;
      if (timeout !== undefined) s.timeout = timeout;
      return;
    }
    this.#set(deviceId, true, 'message', ts, timeout);
  }

  /** A status message: `online` as the device (or its last will) says. */
  status(deviceId: string, online: boolean, reason: string, ts = this.#now(), timeout?: DeviceTimeout): void {
    const s = this.#states.get(deviceId);
    if (s && s.online === online) {
      s.lastSeen = ts;
      if (timeout !== undefined) s.timeout = timeout;
      return;
    }
    this.#set(deviceId, online, reason, ts, timeout);
  }

  /** Gives a known device its profile's own timeout (on start, after restore), without a transition. */
  adoptTimeout(deviceId: string, timeout: DeviceTimeout): void {
    const s = this.#states.get(deviceId);
    if (s === undefined) return;
    s.timeout = timeout;
    if (!this.#lastCheck.has(timeout.checkEveryMs)) this.#lastCheck.set(timeout.checkEveryMs, this.#now());
  }

  /** Restores a state without announcing it (on start, from history). */
  restore(deviceId: string, online: boolean, ts: number): void {
    this.#states.set(deviceId, { online, lastSeen: ts, since: ts });
  }

  /**
   * Devices silent for longer than the heartbeat timeout go offline. Call periodically. A device with
   * its profile's own timeout is checked only when that profile's check interval has come round (a
   * fleet that says "offline after 15 s, checked every 5 s" sees exactly that).
   */
  sweep(): void {
    const now = this.#now();
    let due: Set<number> | undefined;
    for (const [every, last] of this.#lastCheck) {
      if (now - last >= every) {
        (due ??= new Set()).add(every);
        this.#lastCheck.set(every, now);
      }
    }
    for (const [id, s] of this.#states) {
      if (!s.online) continue;
      const t = s.timeout;
      if (t === undefined) {
        if (now - s.lastSeen > this.#timeoutMs) this.#set(id, false, 'heartbeat_timeout', now);
      } else if (due?.has(t.checkEveryMs) && now - s.lastSeen > t.offlineAfterMs) {
        this.#set(id, false, 'heartbeat_timeout', now, t);
      }
    }
  }

  #set(deviceId: string, online: boolean, reason: string, ts: number, timeout?: DeviceTimeout): void {
    const kept = timeout ?? this.#states.get(deviceId)?.timeout;
    if (kept !== undefined && !this.#lastCheck.has(kept.checkEveryMs))
      this.#lastCheck.set(kept.checkEveryMs, ts);
    this.#states.set(deviceId, {
      online,
      lastSeen: ts,
      since: ts,
      reason: reason as LivenessState['reason'],
      ...(kept !== undefined ? { timeout: kept } : {}),
    });
    this.#onChange({ deviceId, online, reason, ts });
  }
}
