/** The lean client's options, shared context and callbacks. */
import type { WillMessage } from './codec.ts';
import { DEFAULT_WATCH, type ConnectionWatch } from './connection-watch.ts';

export interface LeanClientOptions {
  host: string;
  port: number;
  clientId: string;
  username?: string | undefined;
  password?: string | undefined;
  /** Keepalive, s (a PINGREQ after this long without sending). Default 60. */
  keepaliveS?: number;
  will?: WillMessage | undefined;
  /** Local address to connect from (127.0.0.x spreads past one address's port range). Default: any. */
  localAddress?: string | undefined;
}

/** Shared by all clients of a fleet: limits and counters (one object, not one per connection). */
export interface LeanClientContext {
  watch: ConnectionWatch;
  /** QoS 1 publishes awaiting PUBACK per connection; more wait in a queue. */
  inflightWindow: number;
  /** Queued QoS 1 publishes per connection beyond which the oldest is dropped. */
  maxQueued: number;
  /** CONNECT → CONNACK timeout, ms. */
  connectTimeoutMs: number;
  counters: { packetsOut: number; bytesOut: number; dropped: number; protocolErrors: number };
}

export const DEFAULT_CLIENT_CONTEXT: Omit<LeanClientContext, 'counters'> = {
  watch: DEFAULT_WATCH,
  inflightWindow: 32,
  maxQueued: 10_000,
  connectTimeoutMs: 10_000,
};

export type CloseReason =
  'requested' | 'remote' | 'error' | 'keepalive' | 'connect_timeout' | 'refused' | 'protocol';

export interface LeanClientHandler {
  /** CONNACK accepted: subscribe and announce yourself here. */
  onConnect(): void;
  onSuback(messageId: number, granted: number[]): void;
  onMessage(topic: string, payload: Buffer): void;
  /** The connection is gone (whatever the reason); `error` says why when it was not asked for. */
  onClose(reason: CloseReason, error?: Error): void;
}
