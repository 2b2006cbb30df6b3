import type { Rng } from '../models/index.ts';
import type { ReconnectBackoff } from './device-context.ts';

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of
 * min(max, initial × 2^(n-1)), so a reconnect storm spreads out instead of hitting the broker at once.
 */
export function backoffDelayMs(attempt: number, o: ReconnectBackoff, rng: Rng): number {
  const ceiling = Math.min(o.maxMs, o.initialMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return ceiling / 2 + rng.next() * (ceiling / 2);
}
