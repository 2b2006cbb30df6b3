/** One set of figures for a fleet spread over workers: the sum of their stats. */
import type { FleetStats } from '../fleet/stats.ts';

/**
 * Counts and rates add up; virtual time is the slowest worker's (they share a start and a speed, so
 * they differ only while an advance is under way); elapsed time is the longest; RSS adds up (the
 * fleet's memory is every process's). `lastError` is the first worker's that has one.
 */
export function sumStats(all: readonly FleetStats[]): FleetStats {
  const first = all[0];
  if (!first) throw new Error('sumStats needs the stats of at least one worker');
  const out: FleetStats = { ...first };
  delete out.lastError;
  for (const s of all.slice(1)) {
    out.devices += s.devices;
    out.connected += s.connected;
    out.disconnected += s.disconnected;
    out.published += s.published;
    out.telemetry += s.telemetry;
    out.events += s.events;
    out.publishRate += s.publishRate;
    out.commands += s.commands;
    out.deltas += s.deltas;
    out.inflight += s.inflight;
    out.dropped += s.dropped;
    out.errors += s.errors;
    out.faultsActive += s.faultsActive;
    out.reconnects += s.reconnects;
    out.virtualNowMs = Math.min(out.virtualNowMs, s.virtualNowMs);
    out.elapsedMs = Math.max(out.elapsedMs, s.elapsedMs);
    out.rssBytes += s.rssBytes;
  }
  const lastError = all.find((s) => s.lastError !== undefined)?.lastError;
  if (lastError !== undefined) out.lastError = lastError;
  return out;
}

/** Stats of a worker that has not reported yet: its devices, none connected. */
export function pendingStats(devices: number, startMs: number, speed: number): FleetStats {
  return {
    devices,
    connected: 0,
    disconnected: devices,
    published: 0,
    telemetry: 0,
    events: 0,
    publishRate: 0,
    commands: 0,
    deltas: 0,
    inflight: 0,
    dropped: 0,
    errors: 0,
    faultsActive: 0,
    reconnects: 0,
    virtualNowMs: startMs,
    speed,
    elapsedMs: 0,
    rssBytes: 0,
  };
}
