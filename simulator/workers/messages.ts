/** What a simulator worker process and its parent say to each other over the fork IPC channel. */
import type { BackfillOptions, BackfillResult } from '../fleet/backfill.ts';
import type { DeviceSelector, Fault } from '../fleet/fault-types.ts';
import type { FleetStats } from '../fleet/stats.ts';

/** Parent → worker: a request with an id the answer carries back. */
export type WorkerRequest =
  | { type: 'advance'; id: number; ms: number }
  | { type: 'backfill'; id: number; options: BackfillOptions }
  | { type: 'inject'; id: number; fault: Fault; select?: DeviceSelector }
  | { type: 'stop'; id: number };

/** Worker → parent. */
export type WorkerEvent =
  /** The worker's share is up (every device connected or failed its first attempt). */
  | { type: 'ready'; stats: FleetStats; pid: number }
  /** Every progress interval (ramp included). */
  | { type: 'stats'; stats: FleetStats }
  /** A request done; `stats` as they are right after it (an advance moved virtual time). */
  | { type: 'done'; id: number; stats: FleetStats; result?: BackfillResult | { devices: number } }
  | { type: 'failed'; id: number; message: string; code?: string }
  /** The worker cannot go on (bad config, no device could connect); it exits next. */
  | { type: 'fatal'; message: string; code?: string }
  | { type: 'stopped'; stats: FleetStats };
