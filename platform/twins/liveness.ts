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

/** A stretch of time the platform could not hear its devices (see `sweep`). */
interface DeafSpell {
  from: number;
  to: number;
}

export interface LivenessTrackerOptions {
  heartbeatTimeoutMs: number;
  now?: () => number;
  onChange: (c: LivenessChange) => void;
}

/** What a sweep is told about the time since the previous one. */
export interface SweepOptions {
  /** Whether the platform could hear its devices since the previous sweep. Default true. */
  listening?: boolean;
  /**
   * Longest time between two sweeps that still counts as listening, ms: a sweep this late means the
   * event loop was blocked, and messages waited unread for the rest of the gap. Default: no limit.
   */
  maxGapMs?: number;
}

/**
 * Online/offline per device from status messages (retained birth, last will) and a heartbeat
 * timeout: any message counts as a sign of life. Silence is counted only over time the platform was
 * listening (`sweep`): a platform behind its fleet does not take devices offline for its own delay.
 */
export class LivenessTracker {
  readonly #states = new Map<string, LivenessState>();
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #onChange: (c: LivenessChange) => void;
  /** Last check time per check interval of per-profile timeouts. */
  readonly #lastCheck = new Map<number, number>();
  #online = 0;
  /** When the previous sweep ran, and the spells since the longest timeout ago when nothing was heard. */
  #sweptAt: number | undefined;
  #deaf: DeafSpell[] = [];
  #deafTotal = 0;
  #longestTimeoutMs: number;

  constructor(opts: LivenessTrackerOptions) {
    this.#timeoutMs = opts.heartbeatTimeoutMs;
    this.#now = opts.now ?? Date.now;
    this.#onChange = opts.onChange;
    this.#longestTimeoutMs = opts.heartbeatTimeoutMs;
  }

  get(deviceId: string): LivenessState | undefined {
    return this.#states.get(deviceId);
  }

  /** Kept as devices change, not counted: `/health` and the gauges ask for it several times a second. */
  counts(): { online: number; offline: number } {
    return { online: this.#online, offline: this.#states.size - this.#online };
  }

  /** Time the platform spent not listening, in all (ms): how long liveness held its judgement. */
  get deafMs(): number {
    return this.#deafTotal;
  }

  /** A message arrived from the device: it is alive. `timeout`: its profile's own offline timeout. */
  seen(deviceId: string, ts = this.#now(), timeout?: DeviceTimeout): void {
    const s = this.#states.get(deviceId);
    if (s?.online) {
      s.lastSeen = ts;
      if (timeout !== undefined && s.timeout !== timeout) {
        s.timeout = timeout;
        this.#noteTimeout(timeout);
      }
      return;
    }
    this.#set(deviceId, true, 'message', ts, timeout);
  }

  /** A status message: `online` as the device (or its last will) says. */
  status(deviceId: string, online: boolean, reason: string, ts = this.#now(), timeout?: DeviceTimeout): void {
    const s = this.#states.get(deviceId);
    if (s && s.online === online) {
      s.lastSeen = ts;
      if (timeout !== undefined && s.timeout !== timeout) {
        s.timeout = timeout;
        this.#noteTimeout(timeout);
      }
      return;
    }
    this.#set(deviceId, online, reason, ts, timeout);
  }

  /** Gives a known device its profile's own timeout (on start, after restore), without a transition. */
  adoptTimeout(deviceId: string, timeout: DeviceTimeout): void {
    const s = this.#states.get(deviceId);
    if (s === undefined) return;
    s.timeout = timeout;
    this.#noteTimeout(timeout);
    if (!this.#lastCheck.has(timeout.checkEveryMs)) this.#lastCheck.set(timeout.checkEveryMs, this.#now());
  }

  /** Restores a state without announcing it (on start, from history). */
  restore(deviceId: string, online: boolean, ts: number): void {
    this.#count(this.#states.get(deviceId)?.online, online);
    this.#states.set(deviceId, { online, lastSeen: ts, since: ts });
  }

  /**
   * Devices silent for longer than the heartbeat timeout go offline. Call periodically. A device with
   * its profile's own timeout is checked only when that profile's check interval has come round (a
   * fleet that says "offline after 15 s, checked every 5 s" sees exactly that).
   *
   * Silence counts only while the platform listened (`opts.listening`). It does not while its broker
   * session is down, or while it owes the broker so many acknowledgements (ingest waits for InfluxDB)
   * that the broker holds messages back: the devices' messages then wait in the broker, and that wait
   * is the platform's, not the devices' silence. A sweep later than `opts.maxGapMs` counts the excess
   * as not listening too (a blocked event loop read nothing).
   */
  sweep(opts: SweepOptions = {}): void {
    const now = this.#now();
    this.#hear(now, opts.listening ?? true, opts.maxGapMs ?? Number.POSITIVE_INFINITY);
    let due: Set<number> | undefined;
    for (const [every, last] of this.#lastCheck) {
      if (now - last >= every) {
        (due ??= new Set()).add(every);
        this.#lastCheck.set(every, now);
      }
    }
    // Deaf time is subtracted only while some spell is recent enough to matter.
    const deaf = this.#deaf.length > 0;
    for (const [id, s] of this.#states) {
      if (!s.online) continue;
      const t = s.timeout;
      if (t !== undefined && !due?.has(t.checkEveryMs)) continue;
      const limit = t === undefined ? this.#timeoutMs : t.offlineAfterMs;
      let silent = now - s.lastSeen;
      if (silent <= limit) continue;
      if (deaf) silent -= this.#deafSince(s.lastSeen);
      if (silent > limit) this.#set(id, false, 'heartbeat_timeout', now, t);
    }
  }

  /** Books the time since the previous sweep as heard or not, and forgets spells too old to matter. */
  #hear(now: number, listening: boolean, maxGapMs: number): void {
    const from = this.#sweptAt ?? now;
    this.#sweptAt = now;
    const deafFrom = listening ? from + Math.min(now - from, maxGapMs) : from;
    if (deafFrom < now) {
      const last = this.#deaf.at(-1);
      if (last !== undefined && last.to === deafFrom) last.to = now;
      else this.#deaf.push({ from: deafFrom, to: now });
      this.#deafTotal += now - deafFrom;
    }
    // A device last heard before a spell that ended longer than any timeout ago has been silent
    // longer than its timeout while the platform listened, spell or not.
    const horizon = now - this.#longestTimeoutMs;
    while (this.#deaf.length > 0 && (this.#deaf[0] as DeafSpell).to < horizon) this.#deaf.shift();
  }

  /** Deaf time between `t` and now, ms (spells are few: they are merged and forgotten when old). */
  #deafSince(t: number): number {
    let since = 0;
    for (let i = this.#deaf.length - 1; i >= 0; i--) {
      const spell = this.#deaf[i] as DeafSpell;
      if (spell.to <= t) break;
      since += spell.to - Math.max(spell.from, t);
    }
    return since;
  }

  #noteTimeout(t: DeviceTimeout | undefined): void {
    if (t !== undefined && t.offlineAfterMs > this.#longestTimeoutMs)
      this.#longestTimeoutMs = t.offlineAfterMs;
  }

  #count(was: boolean | undefined, online: boolean): void {
    if (was === true) this.#online--;
    if (online) this.#online++;
  }

  #set(deviceId: string, online: boolean, reason: string, ts: number, timeout?: DeviceTimeout): void {
    const before = this.#states.get(deviceId);
    const kept = timeout ?? before?.timeout;
    if (kept !== undefined && !this.#lastCheck.has(kept.checkEveryMs))
      this.#lastCheck.set(kept.checkEveryMs, ts);
    this.#noteTimeout(kept);
    this.#count(before?.online, online);
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
