/**
 * Backfill: the history a fleet would have published before now, sent fast with its past timestamps.
 * Each device runs a second instance of its model (same seed and options) from `endMs − durationMs` to
 * `endMs` at `intervalMs` (points at fromMs + intervalMs, …, up to endMs: durationMs / intervalMs of them), publishing telemetry and events over its own connection at QoS 1 with a
 * bounded in-flight window, so nothing is lost and memory stays flat. The live model is not touched.
 */
import type { FleetDevice } from '../gateway/build.ts';
import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';
import { createModel, type ModelOptionsByType } from '../models/index.ts';
import { eventPayload, telemetryPayload } from '../device/payloads.ts';

export interface BackfillOptions {
  /** How far back, ms. */
  durationMs: number;
  /** Spacing of the points, ms. Default 300 000 (5 min). */
  intervalMs?: number;
  /** End of the history, ms epoch. Default: the fleet's virtual now. */
  endMs?: number;
  /** Publish the model's events of the period too. Default true. */
  events?: boolean;
  /** QoS 1 messages in flight per device. Default 64. */
  window?: number;
}

export interface BackfillResult {
  /** Messages published (telemetry + events). */
  messages: number;
  fromMs: number;
  toMs: number;
  /** Devices that took part (those connected when it started). */
  devices: number;
}

export const DEFAULT_BACKFILL_INTERVAL_MS = 300_000;

/** Options a device's backfill model gets: its group's options, seed, start, interval. */
export type ModelOptionsOf = (d: FleetDevice) => ModelOptionsByType[FleetDevice['type']];

async function backfillDevice(
  d: FleetDevice,
  options: ModelOptionsByType[FleetDevice['type']],
  fromMs: number,
  toMs: number,
  intervalMs: number,
  o: BackfillOptions,
): Promise<number> {
  const model = createModel(d.type, {
    ...options,
    seed: d.identity.seed,
    startMs: fromMs,
    publishIntervalMs: intervalMs,
  });
  const window = o.window ?? 64;
  const events = o.events ?? true;
  let sent = 0;
  for (let t = fromMs + intervalMs; t <= toMs; t += intervalMs) {
    for (const e of model.advance(t)) {
      if (!events) continue;
      d.sendRaw('events', eventPayload(e, 0));
      sent++;
    }
    d.seq++;
    d.sendRaw('telemetry', telemetryPayload(t, d.seq, Date.now(), model.telemetry()));
    sent++;
    if (d.pending >= window) await d.waitForRoom(window >> 1);
  }
  await d.waitForRoom(0);
  return sent;
}

/** Publishes `o.durationMs` of history for every connected device; resolves when the broker has it all. */
export async function backfill(
  devices: readonly FleetDevice[],
  o: BackfillOptions,
  nowMs: number,
  optionsOf: ModelOptionsOf,
): Promise<BackfillResult> {
  const intervalMs = o.intervalMs ?? DEFAULT_BACKFILL_INTERVAL_MS;
  if (!(o.durationMs > 0) || !(intervalMs > 0)) {
    throw new SimulatorError(
      SIMULATOR_ERROR_CODES.BAD_OPTIONS,
      `backfill needs durationMs > 0 and intervalMs > 0, got ${o.durationMs} and ${intervalMs}`,
    );
  }
  const toMs = o.endMs ?? nowMs;
  const fromMs = toMs - o.durationMs;
  const taking = devices.filter((d) => d.ready);
  const counts = await Promise.all(
    taking.map((d) => backfillDevice(d, optionsOf(d), fromMs, toMs, intervalMs, o)),
  );
  return { messages: counts.reduce((a, b) => a + b, 0), fromMs, toMs, devices: taking.length };
}
