import type { TopicProfile } from '../../twin/index.ts';
import type { DelayLine } from '../fleet/delay-line.ts';
import type { FleetClock } from '../fleet/clock.ts';
import type { BrokerAddress } from '../fleet/options.ts';
import type { Scheduler } from '../fleet/scheduler.ts';
import type { QoS } from '../mqtt/codec.ts';
import type { LeanClientContext } from '../mqtt/client-types.ts';

/** A logger as the fleet takes it (pino's shape). */
export interface SimLogger {
  info(o: object, m?: string): void;
  warn(o: object, m?: string): void;
}

/** Counters of a whole fleet, bumped by its devices (one object, not one per device). */
export interface FleetCounters {
  /** Every PUBLISH handed to a connection (telemetry, events, status, shadow, command responses). */
  published: number;
  telemetry: number;
  events: number;
  /** Commands received. */
  commands: number;
  /** Shadow deltas applied. */
  deltas: number;
  /** Connection failures, refusals, protocol errors, bad messages from the platform. */
  errors: number;
  /** Successful connections after a device's first. */
  reconnects: number;
  /** Devices connected now. */
  connected: number;
  /** Publishes lost on purpose (drop_publishes) or for want of a connection. */
  dropped: number;
  lastError: string | undefined;
}

export function newCounters(): FleetCounters {
  return {
    published: 0,
    telemetry: 0,
    events: 0,
    commands: 0,
    deltas: 0,
    errors: 0,
    reconnects: 0,
    connected: 0,
    dropped: 0,
    lastError: undefined,
  };
}

export interface ReconnectBackoff {
  /** First retry after about this long, real ms. Default 1000. */
  initialMs: number;
  /** Longest wait between attempts, real ms. Default 30 000. */
  maxMs: number;
}

/** What every device of a fleet shares. */
export interface DeviceContext {
  clock: FleetClock;
  scheduler: Scheduler;
  delays: DelayLine;
  profile: TopicProfile;
  client: LeanClientContext;
  broker: BrokerAddress;
  /** Local addresses connections are spread over (device index modulo length). */
  localAddresses: readonly string[];
  keepaliveS: number;
  telemetryQos: QoS;
  backoff: ReconnectBackoff;
  counters: FleetCounters;
  log: SimLogger;
  /** Called once per device when its first connection attempt ended (ready or failed). */
  onSettled(ok: boolean): void;
  /** Rate-limited error reporting. */
  error(deviceId: string, message: string): void;
}
