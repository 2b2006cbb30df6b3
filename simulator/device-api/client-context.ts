/** The connection context driven devices share when they are not given one: one per process. */
import { DEFAULT_CLIENT_CONTEXT, type LeanClientContext } from '../mqtt/client-types.ts';
import { ConnectionWatch } from '../mqtt/connection-watch.ts';

let shared: LeanClientContext | undefined;

/**
 * A new context: its own keepalive watch, the fleet's limits (32 QoS 1 messages in flight per
 * connection, 10,000 queued, 10 s to CONNACK) unless overridden, and zeroed counters.
 */
export function newClientContext(
  overrides: Partial<Omit<LeanClientContext, 'counters' | 'watch'>> = {},
): LeanClientContext {
  return {
    ...DEFAULT_CLIENT_CONTEXT,
    ...overrides,
    watch: new ConnectionWatch(),
    counters: { packetsOut: 0, bytesOut: 0, dropped: 0, protocolErrors: 0 },
  };
}

/** The process-wide context (created on first use). */
export function sharedClientContext(): LeanClientContext {
  return (shared ??= newClientContext());
}
