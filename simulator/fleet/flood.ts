import type { FleetDevice } from '../gateway/build.ts';

/** Most messages one device sends in one flood tick (keeps a tick short whatever the rate). */
const MAX_PER_TICK = 2000;
const TICK_MS = 20;

/**
 * A flood: every target publishes `ratePerSecond` extra telemetry messages per real second (a firmware
 * stuck in a loop), from one shared timer. Each message is a real telemetry message with its own `seq`.
 * Returns the function that stops it.
 */
export function startFlood(targets: readonly FleetDevice[], ratePerSecond: number): () => void {
  let credit = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    credit += (ratePerSecond * (now - last)) / 1000;
    last = now;
    const n = Math.min(MAX_PER_TICK, Math.floor(credit));
    credit -= Math.floor(credit);
    if (n === 0) return;
    for (const d of targets) {
      if (!d.connected) continue;
      for (let i = 0; i < n; i++) d.publishTelemetry();
    }
  }, TICK_MS);
  return () => clearInterval(timer);
}
